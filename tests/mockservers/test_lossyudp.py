"""The lossy UDP server: each fate happens as scheduled, and every datagram is recorded."""

import socket
import time

import pytest

from mockservers.lossyudp import (
    DROP,
    REQUEST_ID,
    STALE_ANSWER,
    STRANGER_ANSWER,
    Fate,
    LossyUDPServer,
    answer_to,
    duplicated,
    late,
    seeded_fates,
)


@pytest.fixture
def client():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    yield sock
    sock.close()


def datagrams(sock, within=0.3):
    """Every (data, source) that arrives within `within` seconds."""
    got = []
    deadline = time.monotonic() + within
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            got.append(sock.recvfrom(65_535))
        except TimeoutError:
            break
    return got


def request(number: int, payload: bytes = b"ping") -> bytes:
    return REQUEST_ID.pack(number) + payload


def test_an_answer_carries_the_id_and_the_answer(client):
    with LossyUDPServer() as server:
        client.sendto(request(7), server.address)
        assert datagrams(client) == [(request(7, answer_to(b"ping")), server.address)]
        (received,) = server.received
        assert received.data == request(7) and received.peer == client.getsockname() and received.request_id == 7


def test_the_first_datagrams_are_dropped_then_answered(client):
    with LossyUDPServer(DROP, DROP) as server:
        for _ in range(2):
            client.sendto(request(1), server.address)
            assert datagrams(client, 0.1) == []
        client.sendto(request(1), server.address)
        assert [data for data, _ in datagrams(client)] == [request(1, answer_to(b"ping"))]
        assert len(server.received) == 3


def test_a_late_answer_comes_after_its_delay(client):
    with LossyUDPServer(late(0.2)) as server:
        started = time.monotonic()
        client.sendto(request(2), server.address)
        assert datagrams(client, 0.1) == []
        assert [data for data, _ in datagrams(client, 0.4)] == [request(2, answer_to(b"ping"))]
        assert time.monotonic() - started >= 0.2


def test_duplicates_junk_and_a_stranger_come_in_order(client):
    with LossyUDPServer(Fate(copies=2, stale=2, stranger=True)) as server:
        client.sendto(request(5), server.address)
        got = datagrams(client)
        assert [data for data, _ in got] == [
            request(6, STALE_ANSWER), request(7, STALE_ANSWER), request(5, STRANGER_ANSWER),
            request(5, answer_to(b"ping")), request(5, answer_to(b"ping")),
        ]
        assert [source for _, source in got] == [server.address] * 2 + [server.stranger_address] + [server.address] * 2
        assert [d.what for d in server.sent] == ["stale", "stale", "stranger", "answer", "duplicate"]


def test_a_dropped_request_may_still_bring_junk(client):
    with LossyUDPServer(then=Fate(drop=True, stale=3, stale_gap=0.02)) as server:
        client.sendto(request(1), server.address)
        assert [data for data, _ in datagrams(client)] == [request(n, STALE_ANSWER) for n in (2, 3, 4)]


def test_a_long_payload_is_answered_with_its_size(client):
    with LossyUDPServer() as server:
        client.sendto(request(3, b"x" * 60_000), server.address)
        assert [data for data, _ in datagrams(client)] == [request(3, b"answer to 60000 bytes")]


def test_seeded_fates_are_the_same_for_the_same_seed_and_drops_are_bounded():
    assert seeded_fates(11, 50) == seeded_fates(11, 50)
    assert seeded_fates(11, 50) != seeded_fates(12, 50)
    run = longest = 0
    for fate in seeded_fates(11, 200, drop=0.6, max_drops_in_a_row=3):
        run = run + 1 if fate.drop else 0
        longest = max(longest, run)
    assert longest == 3
    assert duplicated().copies == 2


def test_fates_describe_themselves():
    assert str(DROP) == "dropped it"
    assert str(late(0.6)) == "answered 0.6 s later"
    assert str(Fate(stale=2, copies=2)) == "sent 2 stale datagrams with other ids, then answered 2 times"
