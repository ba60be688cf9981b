"""Socket tricks: kernel byte counts, RST on close, a stingy send()."""

import socket
import sys

import pytest

from mockservers.sockets import StingySocket, abort, unread_bytes, unsent_bytes

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIONREAD needs POSIX")


@pytest.fixture
def pair():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.create_connection(listener.getsockname())
        server, _ = listener.accept()
    yield client, server
    client.close()
    server.close()


@posix_only
def test_unread_bytes_counts_what_waits_to_be_read(pair):
    client, server = pair
    assert unread_bytes(client) == 0
    server.sendall(b"hello")
    client.settimeout(1)
    client.recv(2, socket.MSG_PEEK)  # wait until it arrived
    assert unread_bytes(client) == 5
    client.recv(5)
    assert unread_bytes(client) == 0


def test_unread_bytes_of_a_closed_socket_is_unknown(pair):
    client, _ = pair
    client.close()
    assert unread_bytes(client) is None
    assert unsent_bytes(client) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="TIOCOUTQ is Linux's")
def test_unsent_bytes_reaches_zero_once_acknowledged(pair):
    client, server = pair
    server.sendall(b"x" * 1000)
    client.settimeout(1)
    client.recv(1, socket.MSG_PEEK)
    assert unsent_bytes(server) == 0


def test_abort_makes_the_other_side_see_a_reset(pair):
    client, server = pair
    abort(server)
    client.settimeout(1)
    with pytest.raises(ConnectionResetError):
        client.recv(10)


def test_stingy_socket_sends_only_a_few_bytes_a_call_and_is_a_real_socket(pair):
    client, server = pair
    stingy = StingySocket.wrap(client, 3)
    assert isinstance(stingy, socket.socket)
    assert client.fileno() == -1  # its file descriptor moved into the stingy socket
    assert stingy.send(b"hello") == 3
    stingy.sendall(b"world")  # sendall is the real one and sends everything
    server.settimeout(1)
    received = b""
    while len(received) < 8:
        received += server.recv(100)
    assert received == b"helworld"
    stingy.close()


def test_stingy_socket_needs_a_positive_limit(pair):
    with pytest.raises(ValueError):
        StingySocket.wrap(pair[0], 0)
