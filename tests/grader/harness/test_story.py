"""tell(): the sentences that say what a real chunking peer did, for the top of a failure message.

Every test plays a script on a real `ChunkingServer` over 127.0.0.1, reads from the client
side so the pieces go out (the server paces in lockstep with that socket), and tells the
story from what the peer really played.
"""

import re
import socket


from mockservers.chunking import ChunkingServer
from mockservers.script import DRIBBLE, close, pause, receive, reset, send, split_at, stall

from grader.harness.story import tell


def read_exactly(sock: socket.socket, n: int) -> bytes:
    """Read n bytes from sock, one recv() at a time, so a lockstep server goes on."""
    sock.settimeout(2)
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        assert chunk, f"the server closed after {len(data)} of {n} bytes"
        data += chunk
    return data


def read_to_close(sock: socket.socket) -> bytes:
    sock.settimeout(2)
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def told(server: ChunkingServer, *, read: int | None = None, role: str = "server") -> list[str]:
    """Connect, read `read` bytes (or everything until the close), wait for the script, tell it."""
    sock, peer = server.connect()
    with sock:
        if read is None:
            read_to_close(sock)
        else:
            read_exactly(sock, read)
        assert peer.wait_until_played()
        return tell(peer, role)


def test_a_single_piece_then_a_close():
    with ChunkingServer(send(b"hello\n"), close()) as server:
        assert told(server) == [r"the server sent b'hello\n', then closed the connection"]


def test_a_few_small_pieces_are_joined_with_dots_and_counted():
    with ChunkingServer(send("hé".encode(), pieces=DRIBBLE), close()) as server:
        assert told(server) == [
            r"the server sent b'h' · b'\xc3' · b'\xa9' (3 pieces), then closed the connection"
        ]


def test_pieces_cut_at_chosen_offsets_are_shown_as_they_were_sent():
    with ChunkingServer(send(b"one\r\ntwo\n", pieces=split_at(4)), close()) as server:
        assert told(server) == [
            r"the server sent b'one\r' · b'\ntwo\n' (2 pieces), then closed the connection"
        ]


def test_many_pieces_are_summarised_with_their_size_and_first_bytes():
    with ChunkingServer(send(b"x" * 1000, pieces=DRIBBLE), close()) as server:
        assert told(server) == [
            "the server sent 1,000 bytes in 1,000 pieces of 1 byte each, starting b'x' * 24, "
            "then closed the connection"
        ]


def test_more_than_six_pieces_are_summarised_with_the_range_of_sizes():
    data = b"abcdefghij" * 2 + b"k"  # 21 bytes cut into 7 pieces of 1 to 5 bytes
    with ChunkingServer(send(data, pieces=split_at(1, 3, 6, 10, 15, 18)), close()) as server:
        assert told(server) == [
            "the server sent 21 bytes in 7 pieces of 1 to 5 bytes each, starting b'abcdefghijabcdefghijk', "
            "then closed the connection"
        ]


def test_a_piece_longer_than_24_bytes_is_summarised_and_its_start_cut_to_24_bytes():
    data = b"0123456789" * 4
    with ChunkingServer(send(data, pieces=split_at(30)), close()) as server:
        assert told(server) == [
            "the server sent 40 bytes in 2 pieces of 10 to 30 bytes each, "
            "starting b'012345678901234567890123', then closed the connection"
        ]


def test_a_pause_is_told_between_what_was_sent_before_and_after():
    with ChunkingServer(send(b"a"), pause(0.05), send(b"b"), close()) as server:
        assert told(server) == [
            "the server sent b'a', waited 0.05 s, sent b'b', then closed the connection"
        ]


def test_a_reset_ending():
    with ChunkingServer(send(b"partial"), reset()) as server:
        assert told(server, read=7) == [
            "the server sent b'partial', then reset the connection (RST)"
        ]


def test_a_stall_ending():
    with ChunkingServer(send(b"hi"), stall()) as server:
        assert told(server, read=2) == [
            "the server sent b'hi', then kept the connection open without sending more"
        ]


def test_a_peer_that_only_stalls_accepted_the_connection_and_sent_nothing():
    with ChunkingServer(stall()) as server:
        assert told(server, read=0) == [
            "the server accepted the connection and waited, sending nothing"
        ]


def test_a_peer_that_only_closes_sent_nothing():
    with ChunkingServer(close()) as server:
        assert told(server) == ["the server sent nothing, then closed the connection"]


def test_a_peer_that_waited_then_stalled_sent_nothing_and_kept_the_connection_open():
    with ChunkingServer(pause(0.01), stall()) as server:
        assert told(server, read=0) == [
            "the server sent nothing, waited 0.01 s, then kept the connection open"
        ]


def test_a_held_script_kept_the_connection_open():
    with ChunkingServer(send(b"first ")) as server:
        assert told(server, read=6) == [
            "the server sent b'first ', then kept the connection open"
        ]


def test_an_unread_piece_with_more_to_send_waits_for_the_code_to_read_it():
    with ChunkingServer(send(b"first piece, second", pieces=split_at(12)), close()) as server:
        sock, peer = server.connect()
        with sock:
            assert peer.wait_until_settled()  # the first piece is out; the second waits for a read
            assert peer.pending
            assert tell(peer) == [
                "the server sent b'first piece,', then waited for your code to read it before sending more"
            ]


def test_what_the_code_sent_is_told_on_a_line_of_its_own():
    with ChunkingServer(stall()) as server:
        sock, peer = server.connect()
        with sock:
            sock.sendall(b"hello\n")
            assert peer.wait_for_bytes(6) == b"hello\n"
            assert tell(peer) == [
                "the server accepted the connection and waited, sending nothing",
                r"the server received b'hello\n' from your code",
            ]


def test_what_the_code_sent_is_shown_as_one_literal_however_it_arrived():
    with ChunkingServer(send(b"ok\n"), stall()) as server:
        sock, peer = server.connect()
        with sock:
            read_exactly(sock, 3)
            sock.sendall(b"NICK ")
            sock.sendall(b"ann\r\n")
            assert peer.wait_for_bytes(10) == b"NICK ann\r\n"
            assert peer.wait_until_played()
            assert tell(peer) == [
                r"the server sent b'ok\n', then kept the connection open without sending more",
                r"the server received b'NICK ann\r\n' from your code",
            ]


def test_the_role_names_the_peer():
    with ChunkingServer(send(b"hi"), close()) as server:
        assert told(server, role="client") == ["the client sent b'hi', then closed the connection"]


def failed_story() -> str:
    """The story of a server whose second send fails because the client reset the connection."""
    with ChunkingServer(send(b"x" * 10)) as server:
        sock, peer = server.connect()
        read_exactly(sock, 10)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
        sock.close()  # the client goes away with a reset
        assert peer.wait_until_other_side_ends()
        peer.play(send(b"y"), close())
        assert peer.wait_until_played()
        assert [p.action for p in peer.played][-1] == "failed"
        (line,) = tell(peer)
        return line


def test_a_send_that_failed_ends_the_story_with_the_reason():
    line = failed_story()
    assert line.startswith("the server sent b'x' * 10")
    assert re.search(r", then could not send b'y' \((BrokenPipeError|ConnectionResetError): [^)]*\)$", line), line


# Conversations --------------------------------------------------------------------------------


def read_line(sock: socket.socket) -> bytes:
    sock.settimeout(2)
    data = b""
    while not data.endswith(b"\n"):
        chunk = sock.recv(1)
        assert chunk, "the server closed before a whole line"
        data += chunk
    return data


def test_a_conversation_is_told_turn_by_turn():
    with ChunkingServer() as server:
        sock, peer = server.connect(receive(until=b"\n"), send(b"PONG\n", pieces=split_at(2)), close())
        with sock:
            sock.sendall(b"PING\n")
            assert read_line(sock) == b"PONG\n"
            assert peer.wait_until_played()
            assert tell(peer) == [
                "the server and your code talked (> your code sent, < the server sent):",
                r"  > b'PING\n'",
                r"  < b'PO' · b'NG\n' (2 pieces)",
                "  the server closed the connection",
            ]


def test_a_conversation_tells_what_the_server_still_waits_for():
    with ChunkingServer() as server:
        sock, peer = server.connect(receive(until=b"\n"), send(b"one\n"), receive(until=b"\n"), send(b"two\n"), close())
        with sock:
            sock.sendall(b"first\n")
            assert read_line(sock) == b"one\n"
            sock.sendall(b"sec")
            assert tell(peer) == [
                "the server and your code talked (> your code sent, < the server sent):",
                r"  > b'first\n'",
                r"  < b'one\n'",
                "  > b'sec'",
                "  the server was waiting for a line from your code",
            ]


def test_a_server_waiting_for_code_that_sent_nothing():
    with ChunkingServer() as server:
        sock, peer = server.connect(receive(until=b"\r\n\r\n", what="a whole request"), send(b"HTTP/1.1 200 OK\r\n\r\n"))
        with sock:
            assert tell(peer) == [
                "the server and your code talked (> your code sent, < the server sent):",
                "  the server was waiting for a whole request from your code",
            ]


def test_a_conversation_cut_short_by_the_code_says_what_was_missing():
    with ChunkingServer() as server:
        sock, peer = server.connect(receive(until=b"\n"), send(b"never\n"), close())
        with sock:
            sock.sendall(b"no newline")
            sock.shutdown(socket.SHUT_WR)
            assert peer.wait_until_played()
            assert tell(peer) == [
                "the server and your code talked (> your code sent, < the server sent):",
                "  > b'no newline'",
                "  your code closed the connection before it had sent a line",
            ]
