"""Line services: each kind behaves as its name says, to a client that connects by itself."""

import socket
import time

import pytest

from mockservers.lineservice import (
    FullBacklog,
    LineService,
    answering,
    answering_all_at_once,
    answering_twice,
    closing_mid_answer,
    never_answering,
    resetting_mid_answer,
    slow_answering,
    unused_address,
)


def reads(sock, timeout=2.0):
    """Every recv() result until the close (or the error that ended it), one read per item."""
    sock.settimeout(timeout)
    pieces = []
    try:
        while chunk := sock.recv(65536):
            pieces.append(chunk)
    except OSError as exc:
        pieces.append(type(exc))
    return pieces


def test_an_answering_service_answers_the_question_and_keeps_the_connection_open():
    with LineService(*answering(b"42\n")) as service:
        with socket.create_connection(service.address, timeout=2) as sock:
            sock.sendall(b"What is 6 x 7?\n")
            assert sock.recv(100) == b"42\n"
            sock.settimeout(0.1)
            with pytest.raises(TimeoutError):
                sock.recv(100)
        (peer,) = service.connections
        assert peer.wait_until_other_side_ends(1)
        assert peer.received == b"What is 6 x 7?\n"


def test_a_slow_answer_comes_one_byte_a_read_with_the_delays_between():
    with LineService(*slow_answering(b"abc\n", 0.05)) as service:
        with socket.create_connection(service.address, timeout=2) as sock:
            sock.sendall(b"q\n")
            started = time.monotonic()
            pieces = [sock.recv(100) for _ in range(4)]
            elapsed = time.monotonic() - started
    assert pieces == [b"a", b"b", b"c", b"\n"]
    assert elapsed >= 3 * 0.05


def test_two_answers_arrive_in_one_read():
    with LineService(*answering_twice(b"one\n", b"two\n")) as service:
        with socket.create_connection(service.address, timeout=2) as sock:
            sock.sendall(b"q\n")
            assert sock.recv(100) == b"one\ntwo\n"


def test_a_service_that_never_answers_sends_nothing():
    with LineService(*never_answering()) as service:
        with socket.create_connection(service.address, timeout=2) as sock:
            sock.sendall(b"q\n")
            sock.settimeout(0.2)
            with pytest.raises(TimeoutError):
                sock.recv(100)


def test_a_close_and_a_reset_in_the_middle_of_an_answer():
    with LineService(*closing_mid_answer(b"par")) as service:
        with socket.create_connection(service.address, timeout=2) as sock:
            sock.sendall(b"q\n")
            assert reads(sock) == [b"par"]
    with LineService(*resetting_mid_answer(b"par")) as service:
        with socket.create_connection(service.address, timeout=2) as sock:
            sock.sendall(b"q\n")
            assert reads(sock) == [b"par", ConnectionResetError]


def test_a_pipelining_service_answers_only_once_every_question_has_arrived():
    with LineService(*answering_all_at_once(2, b"a\nb\n")) as service:
        with socket.create_connection(service.address, timeout=2) as sock:
            sock.sendall(b"one\n")
            sock.settimeout(0.1)
            with pytest.raises(TimeoutError):
                sock.recv(100)
            sock.sendall(b"two\n")
            sock.settimeout(2)
            assert sock.recv(100) == b"a\nb\n"
        (peer,) = service.connections
        assert [p.action for p in peer.played][:2] == ["received", "sent"]
        assert peer.played[0].data == b"one\ntwo\n"


def test_connecting_to_a_full_backlog_times_out():
    with FullBacklog() as backlog:
        assert backlog.fillers >= 1
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            socket.create_connection(backlog.address, timeout=0.2)
        assert time.monotonic() - started >= 0.2 * 0.9


def test_connecting_to_an_unused_address_is_refused():
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(unused_address(), timeout=1)
