"""Stand-ins the checks hand learner code where a contract injects time, randomness or a session.

- `VirtualClock`: a clock that moves only when told, or when a `RecordingSleep` sleeps on it.
- `RecordingSleep`: a `sleep` that returns at once and remembers what it was asked: waiting is
  judged by what learner code asked for, and no check waits for real. Like `time.sleep`, it
  refuses negative, NaN and non-numeric durations. Each call is noted in a journal, so a
  check's story tells it between the requests ("your code called sleep(0.05)").
- `ScriptedRandom`: a `random.Random` whose `random()` returns the values it is given, in turn;
  `uniform`, `random` and the like all follow, so "full jitter" can be predicted exactly.
- `RecordingSession`: a real `requests.Session` that also remembers the `timeout` of each
  request it sends (a default that would take 5 s to observe on the wire).
- `CountingLimiter`: a rate limiter of the kit's own (`acquire()` and `.sleep`) that notes each
  `acquire()` in a journal, so a check can see that one came before every request.
- `CompareDigestCalls`: counts who calls hmac.compare_digest (see there why).

They are the kit's own code, handed to learner code like the sockets of the TCP checks.
"""

from __future__ import annotations

import math
import os
import random
import sys
import threading

import requests


class VirtualClock:
    """`clock()` is `start` plus every second `advance` was given."""

    def __init__(self, start: float = 1_000.0) -> None:
        self.now = float(start)
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds

    def __repr__(self) -> str:
        return f"clock (a clock of the kit's, now {self.now:g})"


class RecordingSleep:
    """A sleep that only records: `calls` are the seconds asked for, in order."""

    def __init__(self, clock: VirtualClock | None = None, journal=None, name: str = "sleep") -> None:
        self.calls: list[float] = []
        self.clock = clock
        self.journal = journal
        self.name = name

    def __call__(self, seconds) -> None:
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise TypeError(f"{self.name}() takes a number of seconds, not {type(seconds).__name__}")
        if math.isnan(seconds) or seconds < 0:
            raise ValueError(f"{self.name}() was asked to wait {seconds!r} seconds: a duration must be 0 or more")
        self.calls.append(seconds)
        if self.clock is not None:
            self.clock.advance(seconds)
        if self.journal is not None:
            self.journal.note(f"your code called {self.name}({seconds:.4g})")

    @property
    def total(self) -> float:
        return sum(self.calls)

    def __repr__(self) -> str:
        return f"{self.name} (a sleep of the kit's, which only records)"


class ScriptedRandom(random.Random):
    """`random()` returns `values` in turn (and again from the start when they run out)."""

    learner_may_call = frozenset(name for name in dir(random.Random) if not name.startswith("_") and name not in ("seed", "setstate"))

    def __init__(self, *values: float) -> None:
        super().__init__(0)
        if not values or not all(0.0 <= v < 1.0 for v in values):
            raise ValueError("ScriptedRandom needs values in [0, 1)")
        self.values = values
        self.drawn = 0

    def random(self) -> float:
        value = self.values[self.drawn % len(self.values)]
        self.drawn += 1
        return value

    def __repr__(self) -> str:
        return f"rng (a random.Random whose random() gives {', '.join(map(str, self.values))})"


class RecordingSession(requests.Session):
    """A requests.Session that also keeps the `timeout` each request was sent with."""

    def __init__(self) -> None:
        super().__init__()
        self.timeouts: list = []

    def send(self, request, **kwargs):
        self.timeouts.append(kwargs.get("timeout"))
        return super().send(request, **kwargs)

    def __repr__(self) -> str:
        return "session"


class CountingLimiter:
    """A limiter that never waits itself: it notes each acquire(); its `.sleep` records."""

    learner_may_call = ("acquire",)
    learner_may_get = ("sleep",)

    def __init__(self, journal=None, clock: VirtualClock | None = None) -> None:
        self.journal = journal
        self.acquired = 0
        self.sleep = RecordingSleep(clock, journal, name="limiter.sleep")

    def __repr__(self) -> str:
        return "limiter (a limiter of the kit's, which never waits itself)"

    def acquire(self) -> None:
        self.acquired += 1
        if self.journal is not None:
            self.journal.note("your code called limiter.acquire()")


class CompareDigestCalls:
    """Counts the calls of hmac.compare_digest (and secrets.compare_digest) made from each file.

    Whether signatures are compared in constant time cannot be seen from outside (timing over
    HTTP on a shared machine is noise), so this is the one place where the kit watches how code
    works: `install()` wraps the function (it behaves exactly as before) before learner code is
    imported, so `from hmac import compare_digest` picks the wrapper up too.
    """

    def __init__(self) -> None:
        self.callers: list[str] = []

    @classmethod
    def install(cls) -> CompareDigestCalls:
        import hmac
        import secrets

        current = hmac.compare_digest
        if hasattr(current, "netlings_calls"):
            return current.netlings_calls
        calls = cls()

        def compare_digest(a, b):
            calls.callers.append(sys._getframe(1).f_code.co_filename)
            return current(a, b)

        compare_digest.netlings_calls = calls
        compare_digest.__wrapped__ = current
        compare_digest.__doc__ = current.__doc__
        hmac.compare_digest = secrets.compare_digest = compare_digest
        return calls

    def count_from(self, folder: str) -> int:
        """Calls made from files in `folder` (the learner's, helper modules beside it included)."""
        root = os.path.realpath(folder) + os.sep
        return sum(1 for name in list(self.callers) if os.path.realpath(name).startswith(root))
