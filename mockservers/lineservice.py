"""Line services for learner clients (exercise 5): one question line in, one answer line out, or not.

Learner code makes the connection itself, so a service is a listener whose every connection plays
the service's script (script.py), paced in lockstep with the far end, the learner's own socket
(`FarLockstep`): each piece arrives as a read of its own, as scripted.

    service = LineService(*answering(b"42\\n"))
    ask(service.address, "What is 6 x 7?")     # learner code connects, asks, reads "42"
    service.connections[0].received           # b"What is 6 x 7?\\n"

The kinds of service, as scripts:

- `answering(answer)`: reads a question line, sends the answer, keeps the connection open;
- `never_answering()`: reads the question and sends nothing, ever;
- `slow_answering(answer, delay)`: the answer one byte at a time, `delay` seconds apart;
- `answering_twice(first, second)`: two answer lines in one segment;
- `closing_mid_answer(part)`, `resetting_mid_answer(part)`: part of an answer, then a FIN or an RST;
- `answering_all_at_once(questions, answers, pieces)`: waits until every one of `questions` lines
  has arrived, then answers them all (a pipelining client's service: it records whether every
  question came before the first answer).

And two addresses where no service answers:

- `FullBacklog()`: a listener whose accept queue is full, so connecting itself times out (Linux
  and macOS drop a SYN to a full queue; the client's connect() waits for a SYN-ACK that never comes);
- `unused_address()`: a loopback port that was bound and closed, where connecting is refused.
"""

from __future__ import annotations

import select
import socket

from .chunking import LOOPBACK, ChunkingServer, FarLockstep, Peer
from .script import WHOLE, Pieces, Step, close, pause, receive, reset, send, stall

QUESTION = receive(until=b"\n", what="a question line")
FILL_WAIT = 0.2  # seconds a filler connection may take to be queued
MAX_FILLERS = 64


class LineService:
    """A listener on 127.0.0.1 whose every connection plays `steps`, paced by the far end."""

    def __init__(self, *steps: Step) -> None:
        self._server = ChunkingServer(*steps, pace_others=FarLockstep)
        self.address: tuple[str, int] = self._server.address
        self.steps = self._server.steps

    @property
    def connections(self) -> list[Peer]:
        """The service's side of every connection made to it so far, in order (waiting for any not yet accepted)."""
        self._server.wait_until_accepted()
        return list(self._server.peers)

    def stop(self) -> None:
        self._server.stop()

    def __enter__(self) -> LineService:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def answering(answer: bytes, pieces: Pieces = WHOLE) -> tuple[Step, ...]:
    return (QUESTION, send(answer, pieces=pieces), stall())


def never_answering() -> tuple[Step, ...]:
    return (QUESTION, stall())


def slow_answering(answer: bytes, delay: float) -> tuple[Step, ...]:
    steps: list[Step] = [QUESTION]
    for index in range(len(answer)):
        if index:
            steps.append(pause(delay))
        steps.append(send(answer[index : index + 1]))
    return (*steps, stall())


def answering_twice(first: bytes, second: bytes) -> tuple[Step, ...]:
    return (QUESTION, send(first, second), stall())


def closing_mid_answer(part: bytes) -> tuple[Step, ...]:
    return (QUESTION, *([send(part)] if part else []), close())


def resetting_mid_answer(part: bytes) -> tuple[Step, ...]:
    return (QUESTION, *([send(part)] if part else []), reset())


def answering_all_at_once(questions: int, answers: bytes, pieces: Pieces = WHOLE) -> tuple[Step, ...]:
    return (every_line(questions), send(answers, pieces=pieces), stall())


def every_line(count: int):
    """A receive step that waits for `count` lines in all."""

    def complete(data: bytes) -> int | None:
        end = -1
        for _ in range(count):
            end = data.find(b"\n", end + 1)
            if end < 0:
                return None
        return end + 1

    return receive(until=complete, what=f"all {count} question lines")


class FullBacklog:
    """A listener that never accepts, its queue filled by connections of its own: connecting times out."""

    def __init__(self) -> None:
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind((LOOPBACK, 0))
        self._listener.listen(0)
        self.address: tuple[str, int] = self._listener.getsockname()[:2]
        self._fillers: list[socket.socket] = []
        try:
            self._fill()
        except BaseException:
            self.stop()
            raise

    def _fill(self) -> None:
        """Connect until a connection is no longer queued: the queue is full."""
        while len(self._fillers) < MAX_FILLERS:
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self._fillers.append(filler)
            filler.setblocking(False)
            filler.connect_ex(self.address)
            _, writable, _ = select.select([], [filler], [], FILL_WAIT)
            if not writable or filler.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0:
                return  # its SYN was dropped: the queue is full
        raise RuntimeError(f"the listen queue of {self.address} did not fill after {MAX_FILLERS} connections")

    @property
    def fillers(self) -> int:
        return len(self._fillers)

    def stop(self) -> None:
        for filler in self._fillers:
            filler.close()
        self._listener.close()

    def __enter__(self) -> FullBacklog:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def unused_address() -> tuple[str, int]:
    """A loopback address where nothing listens: a port bound a moment ago, then closed."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[:2]
