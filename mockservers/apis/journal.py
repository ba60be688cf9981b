"""The journal of a mock API: every request as it arrived, and what the server answered.

Checks judge learner code by what reached the server, never by what the code says it did:
how many attempts, the headers of each (Authorization, Idempotency-Key), the body, the order.
So every request is written down the moment it has fully arrived (before anything answers
it), with its method, path, query, headers, body and arrival time; its answer is added when
the server has decided it (a status, headers and body, or a fault below HTTP such as "closed
the connection without answering"), before a byte of it is sent. Whoever sees an answer
therefore finds it in the journal.

Beside requests the journal keeps notes: what the kit saw on the client's side while the
requests went on ("your code called sleep(0.5)"), so a story can tell them in order.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

MAX_BODY_KEPT = 1_048_576  # bytes of a request or answer body kept in the journal


@dataclass
class Answer:
    """What the server did with a request: an HTTP answer, or a fault that is not one.

    `fault` is a sentence for what happened on the connection instead of (or in the middle
    of) an answer: "closed the connection without answering", "waited 1.5 s before
    answering". An answer cut short has a status and a fault.
    """

    status: int | None = None
    reason: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    fault: str = ""

    def header(self, name: str) -> str | None:
        return _find(self.headers, name)

    def to_json(self) -> dict:
        return {
            "status": self.status,
            "reason": self.reason,
            "headers": dict(self.headers),
            "body": _text(self.body),
            "fault": self.fault or None,
        }


@dataclass
class Entry:
    """One request, numbered from 1 in the order requests arrived."""

    number: int
    method: str
    path: str
    query: str
    headers: list[tuple[str, str]]
    body: bytes
    arrived: float  # time.time(), for people
    at: float  # time.monotonic(), for spacing
    answer: Answer | None = None  # None while the server has not decided

    def header(self, name: str) -> str | None:
        """The value of a request header (names compared case-insensitively), or None."""
        return _find(self.headers, name)

    @property
    def target(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path

    def json(self):
        """The request body as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def to_json(self) -> dict:
        return {
            "number": self.number,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": dict(self.headers),
            "body": _text(self.body),
            "arrived": self.arrived,
            "answer": self.answer.to_json() if self.answer else None,
        }


@dataclass(frozen=True)
class Note:
    """Something seen on the client's side, between requests: `text` is told as it is."""

    text: str
    at: float


class Journal:
    """Requests and notes in the order they happened; safe to use from many threads.

    `on_arrival(entry)` and `on_answer(entry)` are called for every request (`grade serve`
    logs with them); they must be quick.
    """

    def __init__(self, on_arrival: Callable | None = None, on_answer: Callable | None = None) -> None:
        self._lock = threading.Lock()
        self._timeline: list[Entry | Note] = []
        self._count = 0
        self.on_arrival = on_arrival
        self.on_answer = on_answer

    def arrive(self, method: str, path: str, query: str, headers: list[tuple[str, str]], body: bytes) -> Entry:
        with self._lock:
            self._count += 1
            entry = Entry(self._count, method, path, query, list(headers), body[:MAX_BODY_KEPT], time.time(), time.monotonic())
            self._timeline.append(entry)
        if self.on_arrival:
            self.on_arrival(entry)
        return entry

    def answered(self, entry: Entry, answer: Answer) -> None:
        answer.body = answer.body[:MAX_BODY_KEPT]
        with self._lock:
            entry.answer = answer
        if self.on_answer:
            self.on_answer(entry)

    def note(self, text: str) -> None:
        with self._lock:
            self._timeline.append(Note(text, time.monotonic()))

    @property
    def entries(self) -> list[Entry]:
        with self._lock:
            return [e for e in self._timeline if isinstance(e, Entry)]

    @property
    def timeline(self) -> list[Entry | Note]:
        with self._lock:
            return list(self._timeline)

    def count(self, method: str | None = None, path: str | None = None) -> int:
        return len(self.matching(method, path))

    def matching(self, method: str | None = None, path: str | None = None) -> list[Entry]:
        return [e for e in self.entries if (method is None or e.method == method) and (path is None or e.path == path)]

    def clear(self) -> None:
        with self._lock:
            self._timeline.clear()

    def to_json(self) -> list[dict]:
        return [e.to_json() for e in self.entries]


def _find(headers: list[tuple[str, str]], name: str) -> str | None:
    wanted = name.lower()
    values = [v for k, v in headers if k.lower() == wanted]
    return ", ".join(values) if values else None


def _text(body: bytes) -> str:
    return body.decode("utf-8", errors="replace")
