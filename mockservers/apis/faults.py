"""Faults of a mock API: answers chosen per request by a schedule, never by chance.

A check says what the next requests get, in order, and everything after them is answered by
the API itself:

    scope.schedule.add(Reply(503), Reply(503))                  # 503, 503, then the API's 200
    scope.schedule.add(Drop(), path="/users/7")                 # the connection dropped first
    scope.schedule.add(StallBody(Reply(200, user), keep=10, seconds=1.5))

What an answer can be:

- `Reply(status, body, headers)`: an ordinary HTTP answer, including the malformed ones an API
  really sends (HTML with 200, JSON under the wrong Content-Type, JSON cut short, an empty
  body); see the helpers at the end.
- Below HTTP, done for real on the server's socket, not simulated in the client:
  `Drop()` closes the connection (FIN) without answering; `Reset()` aborts it (RST);
  `CutBody(reply, keep)` sends the headers (with the whole body's Content-Length) and `keep`
  bytes, then resets or closes; `Stall(seconds)` waits before answering; `StallBody(reply,
  keep, seconds)` sends the headers and `keep` bytes, then waits before the rest. A stall ends
  early, with the connection closed, when the check ends (`released`), so no thread outlives
  the check it served.
- A token bucket (`TokenBucket`) answers 429 with `Retry-After` once its tokens are spent, and
  puts `X-RateLimit-Limit`, `-Remaining` and `-Reset` on every answer. Its clock is the
  scope's: checks give it the virtual clock that the learner's injected `sleep` advances, so
  it refills exactly as much as the learner's code waited.

Each answer describes itself in words for the journal ("closed the connection without
answering"), which is how the learner is told what the server did.
"""

from __future__ import annotations

import json
import math
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.utils import formatdate
from http import HTTPStatus

from .journal import Answer, Entry, Journal
from ..wsgi import ABORT

JSON = "application/json"


def reason_of(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


class Exchange:
    """One request being answered: what an answer needs to reply and to journal the reply."""

    def __init__(self, environ, start_response, entry: Entry, journal: Journal, released: threading.Event, app) -> None:
        self.environ = environ
        self.start_response = start_response
        self.entry = entry
        self.journal = journal
        self.released = released
        self.app = app
        self.extra_headers: list[tuple[str, str]] = []  # added to every HTTP answer (rate-limit headers)

    def reply(self, status: int, headers: list[tuple[str, str]], body: bytes, *, fault: str = "", reason: str = "") -> Iterable[bytes]:
        """Answer with this status, headers and body, and write it in the journal first."""
        headers = [*headers, *self.extra_headers]
        if not any(k.lower() == "content-length" for k, _ in headers):
            headers.append(("Content-Length", str(len(body))))
        reason = reason or reason_of(status)
        self.journal.answered(self.entry, Answer(status, reason, headers, body, fault))
        self.start_response(f"{status} {reason}", headers)
        return [body]

    def pass_on(self, fault: str = "") -> Iterable[bytes]:
        """Let the API answer; journal its answer (read whole first: the API's answers are small)."""
        captured = {}

        def start_response(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, list(headers)
            return lambda data: None  # the API never uses write()

        iterable = self.app(self.environ, start_response)
        try:
            body = b"".join(iterable)
        finally:
            if hasattr(iterable, "close"):
                iterable.close()
        code, _, reason = captured["status"].partition(" ")
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        return self.reply(int(code), headers, body, fault=fault, reason=reason_of(int(code)) or reason)  # Flask shouts: NOT FOUND

    def drop(self, fault: str, *, reset: bool = False) -> Iterable[bytes]:
        """Answer nothing: close (FIN) or abort (RST) the connection, and journal it."""
        self.journal.answered(self.entry, Answer(fault=fault))
        return self.cut(reset=reset)

    def cut(self, *, reset: bool) -> Iterable[bytes]:
        """End the connection here; werkzeug takes the error for a dropped connection.

        Shutting our reading side (which sends nothing) makes werkzeug's handler see the end
        of the connection instead of waiting for another request on it; it then closes the
        socket: with a FIN, or with an RST when ABORT is set (serving.py).
        """
        sock = self.environ.get("werkzeug.socket")
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RD)
            except OSError:
                pass  # the client is gone already
        if reset:
            self.environ[ABORT] = True
            raise ConnectionResetError("netlings: the server resets this connection on purpose")
        raise ConnectionAbortedError("netlings: the server closes this connection on purpose")


class Fault:
    """A scheduled answer. `respond` answers (or fails to) through the exchange."""

    def respond(self, exchange: Exchange) -> Iterable[bytes]:
        raise NotImplementedError


@dataclass(frozen=True)
class Reply(Fault):
    """An HTTP answer. A dict or list body is sent as JSON (as application/json unless told)."""

    status: int = 200
    body: bytes | str | dict | list | None = b""
    headers: tuple[tuple[str, str], ...] = ()
    content_type: str | None = None
    reason: str = ""

    def encoded(self) -> tuple[list[tuple[str, str]], bytes]:
        body, content_type = self.body, self.content_type
        if isinstance(body, (dict, list)):
            body, content_type = json.dumps(body).encode(), content_type or JSON
        elif isinstance(body, str):
            body = body.encode()
        elif body is None:
            body = b""
        headers = list(self.headers)
        if content_type and not any(k.lower() == "content-type" for k, _ in headers):
            headers.insert(0, ("Content-Type", content_type))
        return headers, body

    def respond(self, exchange: Exchange) -> Iterable[bytes]:
        headers, body = self.encoded()
        return exchange.reply(self.status, headers, body, reason=self.reason)


@dataclass(frozen=True)
class Drop(Fault):
    """Read the request, then close the connection (FIN) without a byte of answer."""

    def respond(self, exchange: Exchange) -> Iterable[bytes]:
        return exchange.drop("closed the connection without answering")


@dataclass(frozen=True)
class Reset(Fault):
    """Read the request, then abort the connection (RST) without a byte of answer."""

    def respond(self, exchange: Exchange) -> Iterable[bytes]:
        return exchange.drop("reset the connection (RST) without answering", reset=True)


@dataclass(frozen=True)
class CutBody(Fault):
    """Send the headers (announcing the whole body) and `keep` bytes of it, then reset or close."""

    reply: Reply
    keep: int
    reset: bool = True

    def respond(self, exchange: Exchange) -> Iterable[bytes]:
        headers, body = self.reply.encoded()
        ending = "reset the connection (RST)" if self.reset else "closed the connection"
        fault = f"sent {self.keep} of the {len(body)} bytes of the body, then {ending}"
        headers = [*headers, *exchange.extra_headers, ("Content-Length", str(len(body)))]
        reason = self.reply.reason or reason_of(self.reply.status)
        exchange.journal.answered(exchange.entry, Answer(self.reply.status, reason, headers, body[: self.keep], fault))
        exchange.start_response(f"{self.reply.status} {reason}", headers)

        def pieces():
            yield body[: self.keep]
            exchange.cut(reset=self.reset)

        return pieces()


@dataclass(frozen=True)
class Stall(Fault):
    """Wait `seconds` before answering (with `then`, or else the API's own answer)."""

    seconds: float
    then: Fault | None = None

    def respond(self, exchange: Exchange) -> Iterable[bytes]:
        waiting = f"waited {self.seconds:g} s before answering"
        exchange.journal.answered(exchange.entry, Answer(fault=waiting))
        if exchange.released.wait(self.seconds):
            return exchange.drop(f"{waiting}, and closed the connection when the check ended")
        if self.then is None:
            return exchange.pass_on(fault=f"waited {self.seconds:g} s, then answered")
        answered = self.then.respond(exchange)
        answer = exchange.entry.answer
        if answer is not None:
            answer.fault = f"waited {self.seconds:g} s, then " + (answer.fault or "answered")
        return answered


@dataclass(frozen=True)
class StallBody(Fault):
    """Send the headers and `keep` bytes of the body, wait `seconds`, then send the rest."""

    reply: Reply
    keep: int
    seconds: float

    def respond(self, exchange: Exchange) -> Iterable[bytes]:
        headers, body = self.reply.encoded()
        fault = f"sent {self.keep} of the {len(body)} bytes of the body, then waited {self.seconds:g} s before the rest"
        headers = [*headers, *exchange.extra_headers, ("Content-Length", str(len(body)))]
        reason = self.reply.reason or reason_of(self.reply.status)
        exchange.journal.answered(exchange.entry, Answer(self.reply.status, reason, headers, body, fault))
        exchange.start_response(f"{self.reply.status} {reason}", headers)

        def pieces():
            yield body[: self.keep]
            if exchange.released.wait(self.seconds):
                exchange.cut(reset=False)
            yield body[self.keep :]

        return pieces()


# The schedule -------------------------------------------------------------------------------


@dataclass
class Rule:
    """Answers for the requests that match (method, path); None in `answers` means "the API answers".

    With `cycle`, the answers repeat; with `per_path`, each path counts its own requests.
    """

    answers: tuple[Fault | None, ...]
    method: str | None = None
    path: str | None = None
    cycle: bool = False
    per_path: bool = False
    _used: dict[str, int] = field(default_factory=dict)

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and (self.path is None or self.path == path)

    def take(self, path: str) -> tuple[bool, Fault | None]:
        """(True, answer) for this request, or (False, None) once the answers are used up."""
        key = path if self.per_path else ""
        used = self._used.get(key, 0)
        if not self.cycle and used >= len(self.answers):
            return False, None
        self._used[key] = used + 1
        return True, self.answers[used % len(self.answers)]


class Schedule:
    """What the next requests get: the first rule that matches and still has answers decides."""

    def __init__(self) -> None:
        self._rules: list[Rule] = []
        self._lock = threading.Lock()

    def add(self, *answers: Fault | None, method: str | None = None, path: str | None = None,
            cycle: bool = False, per_path: bool = False) -> Schedule:
        if not answers:
            raise ValueError("a schedule needs at least one answer")
        with self._lock:
            self._rules.append(Rule(tuple(answers), method, path, cycle, per_path))
        return self

    def take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, path):
                    found, answer = rule.take(path)
                    if found:
                        return answer
        return None


# Rate limits --------------------------------------------------------------------------------


class TokenBucket:
    """`burst` tokens, refilled at `rate` a second by `clock`; each request takes one.

    A token short by less than SLACK counts as whole: a client that waits 0.4999999999 s of
    a virtual clock (fifty steps of 0.01) for a token due at 0.5 s is not early.

    `retry_after` says how a 429 gives its delay: "seconds" (digits, rounded up) or "date"
    (an HTTP-date, which needs a clock of real time).
    """

    SLACK = 1e-6  # of a token: time summed in small steps is not exact in floating point

    def __init__(self, rate: float, burst: int = 1, clock: Callable[[], float] = time.monotonic,
                 retry_after: str = "seconds") -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("a token bucket needs rate > 0 and burst >= 1")
        self.rate, self.burst, self.clock, self.retry_after = rate, burst, clock, retry_after
        self._tokens = float(burst)
        self._last = clock()
        self._lock = threading.Lock()

    def take(self) -> tuple[bool, list[tuple[str, str]]]:
        """Take a token if there is one; the headers to add to the answer (Retry-After on a refusal)."""
        with self._lock:
            now = self.clock()
            self._tokens = min(float(self.burst), self._tokens + (now - self._last) * self.rate)
            self._last = now
            allowed = self._tokens >= 1 - self.SLACK
            if allowed:
                self._tokens = max(0.0, self._tokens - 1)
            until_full = (self.burst - self._tokens) / self.rate
            headers = [
                ("X-RateLimit-Limit", str(self.burst)),
                ("X-RateLimit-Remaining", str(int(self._tokens))),
                ("X-RateLimit-Reset", str(math.ceil(until_full))),
            ]
            if not allowed:
                wait = math.ceil((1 - self._tokens) / self.rate)
                when = formatdate(time.time() + wait + 1, usegmt=True) if self.retry_after == "date" else str(wait)
                headers.append(("Retry-After", when))
            return allowed, headers

    def refusal(self, headers: list[tuple[str, str]]) -> Reply:
        return Reply(429, {"error": "rate limit exceeded: slow down and retry after the time in Retry-After"}, tuple(headers))


# Malformed answers, as APIs really send them -----------------------------------------------

ERROR_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Service maintenance</title></head>\n"
    "<body><h1>We'll be right back</h1><p>The service is down for maintenance.</p></body></html>\n"
)


def html_page(status: int = 200) -> Reply:
    """An HTML page where JSON belongs (a proxy's or a maintenance page), with status 200."""
    return Reply(status, ERROR_PAGE, content_type="text/html; charset=utf-8")


def json_as(content_type: str | None, obj, status: int = 200) -> Reply:
    """Valid JSON under another Content-Type (None: no Content-Type header at all)."""
    return Reply(status, json.dumps(obj).encode(), content_type=content_type)


def truncated_json(obj, status: int = 200) -> Reply:
    """JSON cut in the middle, with a Content-Length that matches what is sent: the body is whole, the JSON is not."""
    text = json.dumps(obj).encode()
    return Reply(status, text[: max(1, len(text) // 2)], content_type=JSON)


def empty_body(status: int = 200) -> Reply:
    """A JSON Content-Type and no body at all."""
    return Reply(status, b"", content_type=JSON)


def service_unavailable(retry_after: str | None = None) -> Reply:
    headers = (("Retry-After", retry_after),) if retry_after is not None else ()
    return Reply(503, {"error": "the service is overloaded; try again later"}, headers)


def too_many_requests(retry_after: str | None = None) -> Reply:
    headers = (("Retry-After", retry_after),) if retry_after is not None else ()
    return Reply(429, {"error": "rate limit exceeded"}, headers)


def create_echo_app():
    """An API that answers any request 200 with JSON saying what it received (behind a schedule of faults)."""
    from flask import Flask, jsonify, request

    app = Flask("netlings-echo")

    @app.route("/", defaults={"path": ""}, methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
    @app.route("/<path:path>", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
    def echo(path: str):
        return jsonify({"ok": True, "method": request.method, "path": "/" + path,
                        "idempotency_key": request.headers.get("Idempotency-Key")})

    return app
