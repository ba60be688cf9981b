"""Chat clients: pieces paced by the server's reads, lines stamped as they arrive, endings seen."""

import socket
import threading

import pytest

from mockservers.chatclients import ChatClient
from mockservers.script import DRIBBLE


class RecordingServer:
    """Accepts one connection and records every recv() it makes; answers b'OK\\n' to each b'\\n'."""

    def __init__(self, answer=True):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.address = self.listener.getsockname()
        self.reads = []
        self.answer = answer
        self.conn = None
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        self.conn, _ = self.listener.accept()
        try:
            while chunk := self.conn.recv(65536):
                self.reads.append(chunk)
                if self.answer and chunk.endswith(b"\n"):
                    self.conn.sendall(b"OK\n")
        except OSError:
            self.reads.append(OSError)

    def close(self):
        self.listener.close()
        if self.conn is not None:
            self.conn.close()


@pytest.fixture
def server():
    recording = RecordingServer()
    yield recording
    recording.close()


def test_dribbled_pieces_reach_the_server_one_read_each(server):
    client = ChatClient(server.address, "ann")
    assert client.send(b"NICK ann\n", pieces=DRIBBLE)
    assert client.next_line(1.0) == b"OK\n"
    assert server.reads == [bytes([b]) for b in b"NICK ann\n"]
    kinds = [entry.kind for entry in client.transcript]
    assert kinds == ["sent", "received"] and client.transcript[0].pieces == "one byte at a time"
    client.stop()


def test_nothing_within_the_wait_is_none_and_told(server):
    client = ChatClient(server.address, "ann")
    client.send(b"no newline")
    assert client.next_line(0.1) is None
    assert client.transcript[-1].kind == "nothing" and client.transcript[-1].waited >= 0.1
    client.stop()


def test_the_server_closing_is_seen(server):
    client = ChatClient(server.address, "ann")
    client.send(b"x\n")
    assert client.next_line(1.0) == b"OK\n"
    client.wait_until_read()
    server.conn.shutdown(socket.SHUT_RDWR)  # close() alone would wait for the server thread's recv()
    assert client.wait_until_ended(1.0) == "closed"
    assert client.transcript[-1].kind == "ended"
    client.stop()


def test_a_client_that_does_not_read_reads_when_asked():
    recording = RecordingServer()
    client = ChatClient(recording.address, "slow", rcvbuf=4096, reading=False)
    client.send(b"NICK slow\n")
    assert client.next_line(1.0) == b"OK\n"
    assert client.sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF) <= 16384
    client.stop()
    recording.close()


def test_a_reset_reaches_the_server_as_a_reset(server):
    client = ChatClient(server.address, "bob")
    client.send(b"half")
    client.wait_until_read()
    client.reset()
    server.thread.join(1.0)
    assert server.reads == [b"half", OSError]  # its recv() failed with the reset
    assert client.transcript[-1].kind == "reset"
