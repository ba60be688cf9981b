"""A lossy UDP server (exercise 7): it answers requests, or does not, on a schedule fixed in advance.

A request is a 4-byte big-endian request id and a payload; an answer is the same id and the
answer bytes (`answer_to(payload)`). What the server does with each datagram it receives is
that datagram's `Fate`, chosen by its number (the first, the second, ...), never by chance:

    server = LossyUDPServer(DROP, DROP)               # drop the first two, answer the rest
    server = LossyUDPServer(late(0.6), DROP)          # answer the first after 0.6 s, drop the second
    server = LossyUDPServer(then=Fate(stale=2, stranger=True))   # junk first, then each answer
    server = LossyUDPServer(*seeded_fates(11, 40))    # a lossy network, the same for seed 11

A fate can drop the request, delay the answer, send it twice (a duplicate), send stale datagrams
first (other ids, as if answering requests long gone), and have a second socket, a stranger on
another port, send the right id with a wrong answer first. Junk always leaves before the answer
(`JUNK_LEAD` seconds before), so a client that takes the first datagram takes junk.

The server records every datagram it received (`received`: when, from where, the bytes, its
fate) and every one it sent (`sent`), for checks to count attempts and compare ids. It binds
127.0.0.1 on ports the system picks; `stop()` ends its threads and closes both sockets.
"""

from __future__ import annotations

import heapq
import random
import select
import socket
import struct
import threading
import time
from dataclasses import dataclass

LOOPBACK = "127.0.0.1"
REQUEST_ID = struct.Struct("!I")
MAX_DATAGRAM = 65_535
POLL_SECONDS = 0.02
JUNK_LEAD = 0.02  # seconds between the last junk datagram and the answer
STALE_ANSWER = b"a stale answer to a request long gone"
STRANGER_ANSWER = b"an answer from a stranger"
ANSWER_PREFIX = b"answer to "
ECHOED = 64  # payload bytes repeated in an answer; longer payloads are answered with their size


def answer_to(payload: bytes) -> bytes:
    """The answer the server gives to `payload`."""
    return ANSWER_PREFIX + (payload if len(payload) <= ECHOED else b"%d bytes" % len(payload))


@dataclass(frozen=True)
class Fate:
    """What the server does with one datagram it receives.

    `drop`: send no answer. `delay`: seconds before the answer. `copies`: how many times the
    answer is sent (2 is a duplicate). `stale`: datagrams with other ids sent first, `stale_gap`
    seconds apart. `stranger`: the right id with a wrong answer, from another port, sent first.
    """

    drop: bool = False
    delay: float = 0.0
    copies: int = 1
    stale: int = 0
    stale_gap: float = 0.0
    stranger: bool = False

    def __str__(self) -> str:
        junk = []
        if self.stale:
            junk.append(f"sent {self.stale} stale datagram{'s' if self.stale > 1 else ''} with other ids")
        if self.stranger:
            junk.append("had a stranger on another port send your id with a wrong answer")
        if self.drop:
            done = "dropped it"
        else:
            done = "answered" + (f" {self.copies} times" if self.copies > 1 else "")
            if self.delay:
                done += f" {self.delay:g} s later"
        if junk:
            return ", ".join(junk) + (", and " if self.drop else ", then ") + done
        return done


ANSWER = Fate()
DROP = Fate(drop=True)


def late(delay: float) -> Fate:
    return Fate(delay=delay)


def duplicated(copies: int = 2) -> Fate:
    return Fate(copies=copies)


def seeded_fates(seed: int, count: int, *, drop: float = 0.3, duplicate: float = 0.3, stale: float = 0.3,
                 stranger: float = 0.2, max_drops_in_a_row: int = 3) -> tuple[Fate, ...]:
    """`count` fates of a lossy network, the same for the same seed, never more than `max_drops_in_a_row` drops in a row."""
    rng = random.Random(seed)
    fates, drops = [], 0
    for _ in range(count):
        dropped = drops < max_drops_in_a_row and rng.random() < drop
        drops = drops + 1 if dropped else 0
        fates.append(Fate(
            drop=dropped,
            copies=2 if rng.random() < duplicate else 1,
            stale=rng.randint(1, 2) if rng.random() < stale else 0,
            stranger=rng.random() < stranger,
        ))
    return tuple(fates)


@dataclass(frozen=True)
class Datagram:
    """A datagram the server received (`via` "server") or sent ("server" or "stranger")."""

    at: float  # time.monotonic()
    peer: tuple[str, int]  # where it came from, or where it went
    data: bytes
    via: str = "server"
    what: str = ""  # for one sent: "answer", "duplicate", "stale", "stranger"
    fate: Fate | None = None  # for one received

    @property
    def request_id(self) -> int | None:
        return REQUEST_ID.unpack_from(self.data)[0] if len(self.data) >= REQUEST_ID.size else None


class LossyUDPServer:
    """Answers requests on 127.0.0.1 as the fates say: `fates` for the first datagrams, then `then`."""

    def __init__(self, *fates: Fate, then: Fate = ANSWER) -> None:
        self.fates = fates
        self.then = then
        self.received: list[Datagram] = []
        self.sent: list[Datagram] = []
        self.failure: str | None = None
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._stranger = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for sock in (self._sock, self._stranger):
            sock.bind((LOOPBACK, 0))
        self.address: tuple[str, int] = self._sock.getsockname()[:2]
        self.stranger_address: tuple[str, int] = self._stranger.getsockname()[:2]
        self._lock = threading.Condition()
        self._queue: list[tuple[float, int, str, tuple[str, int], bytes, str]] = []  # a heap
        self._sequence = 0
        self._stopped = threading.Event()
        self._threads = [
            threading.Thread(target=self._guarded, args=(self._receive_loop,), name="udp-receiver", daemon=True),
            threading.Thread(target=self._guarded, args=(self._send_loop,), name="udp-sender", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def fate_of(self, number: int) -> Fate:
        """The fate of the datagram received `number`-th (from 0)."""
        return self.fates[number] if number < len(self.fates) else self.then

    def datagrams_from(self, address: tuple[str, int]) -> list[Datagram]:
        with self._lock:
            return [d for d in self.received if d.peer == address]

    def wait_until_sent(self, timeout: float = 2.0) -> bool:
        """Wait until every scheduled datagram has been sent; True if it was."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._queue, timeout)

    def check_health(self) -> None:
        if self.failure is not None:
            raise RuntimeError(self.failure)

    def stop(self) -> None:
        self._stopped.set()
        with self._lock:
            self._lock.notify_all()
        for thread in self._threads:
            thread.join(2.0)
        self._sock.close()
        self._stranger.close()

    def __enter__(self) -> LossyUDPServer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # The two threads ----------------------------------------------------------------------

    def _guarded(self, loop) -> None:
        try:
            loop()
        except BaseException as exc:  # noqa: BLE001 - a bug of ours, kept for the check to report
            self.failure = f"the {threading.current_thread().name} thread failed: {exc!r}"

    def _receive_loop(self) -> None:
        while not self._stopped.is_set():
            readable, _, _ = select.select([self._sock], [], [], POLL_SECONDS)
            if not readable:
                continue
            try:
                data, source = self._sock.recvfrom(MAX_DATAGRAM)
            except OSError:  # an ICMP error from an earlier answer: nothing to record
                continue
            now = time.monotonic()
            with self._lock:
                fate = self.fate_of(len(self.received))
                self.received.append(Datagram(now, source[:2], data, fate=fate))
                self._schedule(now, source[:2], data, fate)
                self._lock.notify_all()

    def _schedule(self, now: float, source, data: bytes, fate: Fate) -> None:
        request_id = REQUEST_ID.unpack_from(data)[0] if len(data) >= REQUEST_ID.size else 0
        at = now
        for number in range(fate.stale):
            other = REQUEST_ID.pack((request_id + 1 + number) % 2**32)
            self._push(at, "server", source, other + STALE_ANSWER, "stale")
            at += fate.stale_gap
        if fate.stranger:
            self._push(at, "stranger", source, REQUEST_ID.pack(request_id) + STRANGER_ANSWER, "stranger")
        if fate.drop or len(data) < REQUEST_ID.size:
            return
        at = max(at + (JUNK_LEAD if fate.stale or fate.stranger else 0.0), now + fate.delay)
        answer = REQUEST_ID.pack(request_id) + answer_to(data[REQUEST_ID.size :])
        for copy in range(fate.copies):
            self._push(at, "server", source, answer, "answer" if copy == 0 else "duplicate")

    def _push(self, at: float, via: str, to, data: bytes, what: str) -> None:
        self._sequence += 1
        heapq.heappush(self._queue, (at, self._sequence, via, to, data, what))

    def _send_loop(self) -> None:
        with self._lock:
            while not self._stopped.is_set():
                if not self._queue:
                    self._lock.wait(POLL_SECONDS)
                    continue
                at, _, via, to, data, what = self._queue[0]
                wait = at - time.monotonic()
                if wait > 0:
                    self._lock.wait(min(wait, POLL_SECONDS))
                    continue
                heapq.heappop(self._queue)
                sock = self._sock if via == "server" else self._stranger
                try:
                    sock.sendto(data, to)
                except OSError:
                    continue  # the client is gone: a lost answer, as on a real network
                self.sent.append(Datagram(time.monotonic(), to, data, via=via, what=what))
                self._lock.notify_all()
