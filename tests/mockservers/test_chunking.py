"""Chunking peers: pieces arrive as scripted, endings happen, journals record the other side."""

import socket
import threading

import pytest

from mockservers.chunking import ChunkingClient, ChunkingServer, PeerFailed
from mockservers.script import DRIBBLE, close, fixed, pause, receive, reset, send, split_at, stall


def read_pieces(sock):
    """Every recv() result until the close, one read per list item."""
    sock.settimeout(2)
    pieces = []
    while chunk := sock.recv(1 << 20):
        pieces.append(chunk)
    return pieces


def test_lockstep_pieces_arrive_as_separate_reads():
    text = "héllo".encode()
    with ChunkingServer(send(text, pieces=DRIBBLE), close()) as server:
        sock, _ = server.connect()
        assert read_pieces(sock) == [bytes([b]) for b in text]
        sock.close()


def test_split_at_lands_inside_a_character_and_a_crlf():
    data = "é\r\nb\n".encode()
    with ChunkingServer(send(data, pieces=split_at(1, 3)), close()) as server:
        sock, _ = server.connect()
        assert read_pieces(sock) == [b"\xc3", b"\xa9\r", b"\nb\n"]
        sock.close()


def test_coalesced_messages_arrive_in_one_read():
    with ChunkingServer(send(b"one\n", b"two\n", b"three\n"), close()) as server:
        sock, _ = server.connect()
        assert read_pieces(sock) == [b"one\ntwo\nthree\n"]
        sock.close()


def test_large_pieces_keep_their_boundaries():
    data = bytes(range(256)) * 4000  # 1,024,000 bytes
    with ChunkingServer(send(data, pieces=fixed(256_000)), close()) as server:
        sock, peer = server.connect()
        pieces = read_pieces(sock)
        assert b"".join(pieces) == data
        assert [p.data for p in peer.played if p.action == "sent"] == fixed(256_000).cut(data)
        # a read never mixes the end of one piece with the start of the next
        total, bounds = 0, set()
        for piece in pieces:
            total += len(piece)
            bounds.add(total)
        assert {256_000, 512_000, 768_000} <= bounds
        sock.close()


def test_reset_makes_the_reader_fail_after_the_data():
    with ChunkingServer(send(b"partial"), reset()) as server:
        sock, peer = server.connect()
        sock.settimeout(2)
        assert sock.recv(100) == b"partial"
        with pytest.raises(ConnectionResetError):
            sock.recv(100)
        assert [p.action for p in peer.played] == ["sent", "reset"]
        sock.close()


def test_stall_keeps_the_connection_open_until_stop():
    with ChunkingServer(send(b"hi"), stall()) as server:
        sock, peer = server.connect()
        sock.settimeout(0.2)
        assert sock.recv(100) == b"hi"
        with pytest.raises(TimeoutError):
            sock.recv(100)
        assert peer.played[-1].action == "stalled"
    sock.settimeout(2)
    assert sock.recv(100) == b""  # stopping the server closed it
    sock.close()


def test_play_continues_a_held_script():
    with ChunkingServer(send(b"first ")) as server:
        sock, peer = server.connect()
        sock.settimeout(2)
        assert sock.recv(100) == b"first "
        peer.play(send(b"second"), close())
        assert read_pieces(sock) == [b"second"]
        with pytest.raises(RuntimeError, match="already ended"):
            peer.play(send(b"more"))
        sock.close()


def test_journal_records_what_the_client_sent_and_how_it_ended():
    with ChunkingServer(stall()) as server:
        sock, peer = server.connect()
        sock.sendall(b"hello ")
        sock.sendall(b"server")
        sock.shutdown(socket.SHUT_WR)
        assert peer.wait_until_other_side_ends()
        assert peer.received == b"hello server"
        assert peer.journal.ended == "closed"
        sock.close()


def test_journal_notices_a_reset_from_the_other_side():
    with ChunkingServer(stall()) as server:
        sock, peer = server.connect()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
        sock.close()
        assert peer.wait_until_other_side_ends()
        assert peer.journal.ended == "reset"


def test_connect_with_a_send_limit_gives_a_stingy_socket():
    with ChunkingServer(stall()) as server:
        sock, peer = server.connect(send_limit=2)
        assert sock.send(b"hello") == 2
        assert peer.wait_for_bytes(2) == b"he"
        sock.close()


def test_every_connection_plays_the_script_and_gets_its_own_journal():
    with ChunkingServer(send(b"welcome\n"), close()) as server:
        clients = [socket.create_connection(server.address, timeout=2) for _ in range(3)]
        for index, client in enumerate(clients):
            assert b"".join(read_pieces(client)) == b"welcome\n"
            client.sendall(b"client %d" % index)
            client.close()
        for index, peer in enumerate(server.peers):
            peer.wait_until_other_side_ends()
        assert sorted(p.received for p in server.peers) == [b"client 0", b"client 1", b"client 2"]


def test_server_binds_loopback_on_an_ephemeral_port():
    with ChunkingServer() as first, ChunkingServer() as second:
        assert first.address[0] == "127.0.0.1"
        assert first.address[1] != 0 and first.address[1] != second.address[1]


def test_pause_delays_the_next_piece():
    with ChunkingServer(send(b"a"), pause(0.05), send(b"b"), close()) as server:
        sock, peer = server.connect()
        assert read_pieces(sock) == [b"a", b"b"]
        assert [p.action for p in peer.played] == ["sent", "paused", "sent", "closed"]
        sock.close()


def test_client_plays_its_script_to_a_server_and_journals_the_answer():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        received = []

        def echo_once():
            conn, _ = listener.accept()
            with conn:
                conn.settimeout(2)
                while chunk := conn.recv(100):
                    received.append(chunk)
                    conn.sendall(chunk.upper())

        thread = threading.Thread(target=echo_once, daemon=True)
        thread.start()
        with ChunkingClient(listener.getsockname(), send(b"abc", pieces=DRIBBLE), close(), gap=0.02) as client:
            assert client.peer.wait_until_other_side_ends()
            assert client.peer.received == b"ABC"
        thread.join(2)
    assert b"".join(received) == b"abc"


def test_a_failed_send_is_recorded_not_raised():
    with ChunkingServer(send(b"x" * 10), pause(0.05), send(b"y" * 5_000_000), close()) as server:
        sock, peer = server.connect()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
        sock.close()  # the client goes away with a reset
        assert peer.wait_until_played(2)
        assert peer.played[-1].action == "failed"


def test_one_server_serves_connections_with_scripts_of_their_own():
    with ChunkingServer(send(b"default"), close()) as server:
        first, first_peer = server.connect(send(b"one"), close())
        second, _ = server.connect(send(b"two", pieces=DRIBBLE), close())
        other = socket.create_connection(server.address, timeout=2)
        assert read_pieces(first) == [b"one"]
        assert read_pieces(second) == [b"t", b"w", b"o"]
        assert b"".join(read_pieces(other)) == b"default"
        server.release(first_peer)
        assert first_peer not in server.peers and len(server.peers) == 2
        for sock in (first, second, other):
            sock.close()


def test_stopping_a_peer_is_not_taken_for_the_other_side_closing():
    with ChunkingServer(stall()) as server:
        sock, peer = server.connect()
        peer.stop()
        assert peer.journal.ended is None
        sock.close()


# Conversations: receive steps -----------------------------------------------------------------


def read_line(sock, buffer: bytearray) -> bytes:
    sock.settimeout(2)
    while b"\n" not in buffer:
        chunk = sock.recv(100)
        assert chunk, "the server closed before a whole line"
        buffer += chunk
    end = buffer.index(b"\n") + 1
    line = bytes(buffer[:end])
    del buffer[:end]
    return line


def test_a_receive_step_answers_once_the_whole_line_has_arrived():
    with ChunkingServer() as server:
        sock, peer = server.connect(receive(until=b"\n"), send(b"pong\n"), close())
        sock.sendall(b"pi")
        assert peer.wait_until_settled()
        assert peer.awaiting == "a line" and not peer.sent  # half a line gets no answer
        sock.sendall(b"ng\n")
        assert read_line(sock, bytearray()) == b"pong\n"
        assert peer.wait_until_played()
        assert [(p.action, p.data) for p in peer.played] == [("received", b"ping\n"), ("sent", b"pong\n"), ("closed", b"")]
        sock.close()


def test_receive_steps_take_one_message_each_from_what_arrived_together():
    with ChunkingServer() as server:
        script = [receive(until=b"\n"), send(b"1\n"), receive(3), send(b"2\n"), receive(until=lambda data: 2 if len(data) >= 2 else None), send(b"3\n"), close()]
        sock, peer = server.connect(*script)
        sock.sendall(b"a\nbcdef")  # a line, then 3 bytes, then 2: all in one send
        buffer = bytearray()
        assert [read_line(sock, buffer) for _ in range(3)] == [b"1\n", b"2\n", b"3\n"]
        assert [p.data for p in peer.played if p.action == "received"] == [b"a\n", b"bcd", b"ef"]
        sock.close()


def test_a_receive_that_the_other_side_closes_on_is_missed_and_ends_the_script():
    with ChunkingServer() as server:
        sock, peer = server.connect(receive(until=b"\n"), send(b"never sent\n"), close())
        sock.sendall(b"half")
        sock.shutdown(socket.SHUT_WR)
        assert peer.wait_until_played()
        assert [(p.action, p.data, p.detail) for p in peer.played] == [("missed", b"half", "a line")]
        sock.settimeout(2)
        sock.close()


def test_a_conversation_of_50_turns_with_dribbled_answers():
    """(How fast such a conversation goes is measured by tests/benchmark.py, not here.)"""
    turns = 50
    script = [step for n in range(turns) for step in (receive(until=b"\n"), send(b"answer %d\n" % n, pieces=DRIBBLE))]
    with ChunkingServer() as server:
        sock, peer = server.connect(*script, close())
        buffer = bytearray()
        for n in range(turns):
            sock.sendall(b"question %d\n" % n)
            assert read_line(sock, buffer) == b"answer %d\n" % n
        sock.close()
    # every piece still arrived on its own: the learner's reads saw them one by one
    assert sum(p.action == "sent" for p in peer.played) == sum(len(b"answer %d\n" % n) for n in range(turns))


def test_a_bug_in_a_peer_thread_is_kept_for_the_check_to_report():
    with ChunkingServer() as server:
        def broken(data):
            raise KeyError("a bug in the peer")

        sock, peer = server.connect(receive(until=broken), send(b"x"), close())
        sock.sendall(b"anything")
        assert peer.wait_until_played()
        assert "KeyError: 'a bug in the peer'" in peer.failure
        with pytest.raises(PeerFailed, match="peer-player thread failed"):
            peer.check_health()
        sock.close()


def test_far_lockstep_paces_a_connection_the_client_made_itself():
    from mockservers.chunking import FarLockstep

    text = "héllo".encode()
    with ChunkingServer(receive(until=b"\n"), send(text, pieces=DRIBBLE), close(), pace_others=FarLockstep) as server:
        sock = socket.create_connection(server.address, timeout=2)
        sock.sendall(b"go\n")
        assert read_pieces(sock) == [bytes([b]) for b in text]
        sock.close()
        assert "sock_diag" in str(server.peers[0].pace) or "timed" in str(server.peers[0].pace)
