"""Scripts for misbehaving TCP peers: which bytes to send, cut into which pieces, then how to end.

A script is a sequence of steps that a peer plays in order:

    send(b"hello ", "wörld".encode(), pieces=DRIBBLE)   # coalesced into one run of bytes, 1 byte a piece
    receive(until=b"\n")                                # wait for a whole line from the other side
    pause(0.05)                                         # wait before going on
    close() | reset() | stall()                         # FIN, RST, or keep the connection open

`receive` steps make a peer react: a server that answers once a whole request has arrived,
however the other side cuts it, and as soon as it has (no guessing how long to wait).

How bytes are cut is a *piece strategy*: `WHOLE`, `DRIBBLE`, `fixed(n)`, `split_at(3, 7)` or
`seeded(seed, low, high)`. Every strategy is deterministic, so a script plays the same pieces on
every run. Strategies and steps describe themselves, for the stories a failing check tells.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable


class Pieces:
    """How to cut bytes into the pieces that are sent one after another."""

    def cut(self, data: bytes) -> list[bytes]:
        raise NotImplementedError


@dataclass(frozen=True)
class Whole(Pieces):
    """Everything in one piece."""

    def cut(self, data: bytes) -> list[bytes]:
        return [data] if data else []

    def __str__(self) -> str:
        return "in one piece"


@dataclass(frozen=True)
class Fixed(Pieces):
    """Pieces of `size` bytes (the last may be shorter); size 1 is a dribble."""

    size: int

    def __post_init__(self) -> None:
        if self.size < 1:
            raise ValueError(f"piece size must be at least 1, not {self.size}")

    def cut(self, data: bytes) -> list[bytes]:
        return [data[i : i + self.size] for i in range(0, len(data), self.size)]

    def __str__(self) -> str:
        return "one byte at a time" if self.size == 1 else f"in pieces of {self.size} bytes"


@dataclass(frozen=True)
class SplitAt(Pieces):
    """Cut at the given byte offsets, e.g. inside a UTF-8 character or between CR and LF."""

    offsets: tuple[int, ...]

    def cut(self, data: bytes) -> list[bytes]:
        bounds = [0, *sorted(o for o in set(self.offsets) if 0 < o < len(data)), len(data)]
        return [data[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]

    def __str__(self) -> str:
        return "split at offsets " + ", ".join(map(str, self.offsets))


@dataclass(frozen=True)
class Seeded(Pieces):
    """Pieces of random sizes between `low` and `high`, the same sizes for the same seed."""

    seed: int
    low: int = 1
    high: int = 64

    def __post_init__(self) -> None:
        if not 1 <= self.low <= self.high:
            raise ValueError(f"need 1 <= low <= high, got low={self.low}, high={self.high}")

    def cut(self, data: bytes) -> list[bytes]:
        rng = random.Random(self.seed)
        pieces, start = [], 0
        while start < len(data):
            size = rng.randint(self.low, self.high)
            pieces.append(data[start : start + size])
            start += size
        return pieces

    def __str__(self) -> str:
        return f"in random pieces of {self.low}-{self.high} bytes (seed {self.seed})"


WHOLE = Whole()
DRIBBLE = Fixed(1)


def fixed(size: int) -> Fixed:
    return Fixed(size)


def split_at(*offsets: int) -> SplitAt:
    return SplitAt(tuple(offsets))


def seeded(seed: int, low: int = 1, high: int = 64) -> Seeded:
    return Seeded(seed, low, high)


# Steps ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Send:
    data: bytes
    pieces: Pieces = WHOLE


@dataclass(frozen=True)
class Receive:
    """Wait until the other side has sent one whole message, then go on.

    The message starts where the previous `receive` ended. It is `count` bytes, or everything
    up to and including the bytes `until`, or as many bytes as `until(data)` says make a whole
    message (None while it needs more). `what` names it in stories ("a line", "a request").
    """

    count: int | None = None
    until: bytes | Callable[[bytes], int | None] | None = None
    what: str = ""

    def complete(self, data: bytes) -> int | None:
        """How many bytes at the start of `data` make the message, or None while it is incomplete."""
        if self.count is not None:
            return self.count if len(data) >= self.count else None
        if isinstance(self.until, bytes):
            end = data.find(self.until)
            return end + len(self.until) if end >= 0 else None
        return self.until(data)

    def __str__(self) -> str:
        if self.what:
            return self.what
        if self.count is not None:
            return f"{self.count} bytes"
        if isinstance(self.until, bytes):
            return "a line" if self.until == b"\n" else f"bytes up to {self.until!r}"
        return "a whole message"


@dataclass(frozen=True)
class Pause:
    seconds: float


@dataclass(frozen=True)
class Close:
    """Close our sending side (FIN): the other side reads b"" once it has read everything."""


@dataclass(frozen=True)
class Reset:
    """Abort the connection (RST): the other side's next read or write fails."""


@dataclass(frozen=True)
class Stall:
    """Keep the connection open and send nothing more."""


Step = Send | Receive | Pause | Close | Reset | Stall
ENDINGS = (Close, Reset, Stall)


def send(*messages: bytes, pieces: Pieces = WHOLE) -> Send:
    """Send the messages back to back, as one run of bytes cut by `pieces`.

    Several messages in one `send` with the default `WHOLE` arrive coalesced in one piece,
    as they do when a real peer's writes are merged by TCP.
    """
    for message in messages:
        if not isinstance(message, (bytes, bytearray)):
            raise TypeError(f"send() takes bytes, not {type(message).__name__}")
    return Send(b"".join(messages), pieces)


def receive(count: int | None = None, *, until: bytes | Callable[[bytes], int | None] | None = None,
            what: str = "") -> Receive:
    """Wait for `count` bytes, or for bytes up to `until`, or for what `until(data)` calls whole."""
    if (count is None) == (until is None):
        raise ValueError("receive() takes a count or until=, not both and not neither")
    if count is not None and count < 1:
        raise ValueError(f"receive() needs a count of at least 1, not {count}")
    if isinstance(until, (bytes, bytearray)):
        if not until:
            raise ValueError("receive(until=...) needs at least one byte to wait for")
        until = bytes(until)
    elif until is not None and not callable(until):
        raise TypeError(f"receive(until=...) takes bytes or a function, not {type(until).__name__}")
    return Receive(count, until, what)


def pause(seconds: float) -> Pause:
    if seconds < 0:
        raise ValueError(f"pause needs seconds >= 0, not {seconds}")
    return Pause(seconds)


def close() -> Close:
    return Close()


def reset() -> Reset:
    return Reset()


def stall() -> Stall:
    return Stall()


def check_script(steps: tuple[Step, ...]) -> tuple[Step, ...]:
    """Return the steps if they form a playable script; an ending may only come last."""
    for index, step in enumerate(steps):
        if not isinstance(step, (Send, Receive, Pause, Close, Reset, Stall)):
            raise TypeError(f"step {index} is not a script step: {step!r}")
        if isinstance(step, ENDINGS) and index != len(steps) - 1:
            raise ValueError(f"{type(step).__name__.lower()}() must be the last step of a script")
    return tuple(steps)
