"""One mock API server for a whole run, with the state of each check kept apart in a scope.

Starting a server per check would cost a thread and a port each time; instead one werkzeug
server serves every check of a run, and each check gets a *scope*: a path prefix of its own
(`/c/7`), under which its data, its schedule of faults, its rate limit and its journal live.
A check hands learner code the scope's URL (`http://127.0.0.1:PORT/c/7`), so nothing one
check does reaches another, and a request left over from an earlier check (one still in
flight when its check gave up) lands in a scope that is gone, never in the next check's.

    server = MockAPIServer()                    # serves at server.url
    scope = server.open_scope(app=users_app)    # a fresh scope, answered by the users API
    scope.schedule.add(Reply(503))              # the first request gets a 503
    ... learner code talks to scope.url ...
    scope.journal.entries                       # what arrived, and what it was answered
    server.close_scope(scope)                   # stalls end; the scope is gone

For each request the server, in order: finds the scope by its prefix; reads the whole body;
writes the request in the scope's journal; takes a token from the scope's bucket (429 if
none); takes the next scheduled answer (`faults.py`); and, if nothing was scheduled, lets the
scope's app answer, with the prefix as SCRIPT_NAME (so the app's routes and `url_for` work
as if mounted there). Requests outside every scope go to the server's `fallback` app (404
by default) and into the server's own journal of strays.

Run on its own (`grade serve`), a server has one scope at the root (prefix ""), maybe others
beside it, and answers `GET /__journal` with every request so far as JSON (`DELETE` clears it).

A bug in the kit's own apps does not vanish into werkzeug's log: it is answered 500, kept in
`scope.failures`, and raised by `check_health()` for the check to report as the kit's fault.
"""

from __future__ import annotations

import io
import itertools
import json
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from .faults import Exchange, Reply, Schedule, TokenBucket
from .journal import Answer, Journal
from ..wsgi import Served

PREFIX = "/c/"  # scopes of checks live at /c/<number>
MAX_REQUEST_BODY = 1_048_576  # bytes a mock API reads of a request body
SCOPE = "netlings.scope"  # environ key: the Scope of the request, for the apps


class ScopeFailed(Exception):
    """A mock API failed while answering (a bug in netlings, not in learner code)."""


class Scope:
    """One check's share of the server: a prefix, an app, a schedule, a rate limit, a journal.

    `state` holds what the app keeps for this scope (the users API's users and tokens, the
    paginated API's collections); `clock` is the scope's time (a check's virtual clock).
    """

    def __init__(self, server: MockAPIServer, prefix: str, app, clock: Callable[[], float] = time.monotonic) -> None:
        self.server = server
        self.prefix = prefix
        self.app = app
        self.clock = clock
        self.journal = Journal()
        self.schedule = Schedule()
        self.rate_limit: TokenBucket | None = None
        self.state: dict[str, Any] = {}
        self.released = threading.Event()
        self.failures: list[str] = []

    @property
    def url(self) -> str:
        return self.server.url + self.prefix

    def url_of(self, path: str) -> str:
        return self.url + path

    def check_health(self) -> None:
        if self.failures:
            raise ScopeFailed(self.failures[0])


class MockAPIServer:
    """A werkzeug server on 127.0.0.1 whose requests are answered by the scope they belong to."""

    def __init__(self, port: int = 0, fallback=None, serving=Served, journal_path: str | None = None) -> None:
        self.fallback = fallback or _not_in_a_scope
        self.journal_path = journal_path  # run on its own: GET there is every request so far, as JSON
        self.strays = Journal()  # requests outside every scope
        self._scopes: dict[str, Scope] = {}
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()
        self._served = serving(self, port)
        self.url = self._served.url
        self.port = self._served.port

    def open_scope(self, app, *, prefix: str | None = None, clock: Callable[[], float] = time.monotonic) -> Scope:
        with self._lock:
            if prefix is None:
                prefix = f"{PREFIX}{next(self._numbers)}"
            scope = Scope(self, prefix, app, clock)
            self._scopes[prefix] = scope
        return scope

    def close_scope(self, scope: Scope) -> None:
        scope.released.set()
        with self._lock:
            self._scopes.pop(scope.prefix, None)

    def stop(self) -> None:
        with self._lock:
            scopes = list(self._scopes.values())
        for scope in scopes:
            self.close_scope(scope)
        self._served.stop()

    def __enter__(self) -> MockAPIServer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # Answering -------------------------------------------------------------------------------

    def _scope_of(self, path: str) -> tuple[Scope | None, str]:
        with self._lock:
            candidates = sorted(self._scopes.values(), key=lambda s: len(s.prefix), reverse=True)
        for scope in candidates:
            if path == scope.prefix or path.startswith(scope.prefix + "/") or scope.prefix == "":
                return scope, path[len(scope.prefix):] or "/"
        return None, path

    def journal_json(self) -> list[dict]:
        """Every request of every scope (and the strays), in the order they arrived."""
        with self._lock:
            journals = [s.journal for s in self._scopes.values()] + [self.strays]
        entries = sorted((e for j in journals for e in j.entries), key=lambda e: e.at)
        return [{**e.to_json(), "number": n} for n, e in enumerate(entries, 1)]

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "/")
        if self.journal_path is not None and path == self.journal_path:
            return self._answer_journal(environ, start_response)
        scope, rest = self._scope_of(path)
        body = _read_body(environ)
        headers = _headers_of(environ)
        method = environ.get("REQUEST_METHOD", "GET")
        query = environ.get("QUERY_STRING", "")
        journal = scope.journal if scope else self.strays
        entry = journal.arrive(method, path, query, headers, body)
        environ["wsgi.input"] = _BodyReader(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        environ.pop("wsgi.input_terminated", None)
        if scope is None:
            exchange = Exchange(environ, start_response, entry, journal, threading.Event(), self.fallback)
            return exchange.pass_on()
        environ["SCRIPT_NAME"] = scope.prefix
        environ["PATH_INFO"] = rest
        environ[SCOPE] = scope
        exchange = Exchange(environ, start_response, entry, journal, scope.released, scope.app)
        try:
            if scope.rate_limit is not None:
                allowed, limit_headers = scope.rate_limit.take()
                if not allowed:
                    return scope.rate_limit.refusal(limit_headers).respond(exchange)
                exchange.extra_headers = [h for h in limit_headers if h[0] != "Retry-After"]
            answer = scope.schedule.take(method, rest)
            if answer is None:
                return exchange.pass_on()
            return answer.respond(exchange)
        except (ConnectionError, TimeoutError):
            raise  # a fault ending the connection on purpose, or the client went away
        except Exception:  # noqa: BLE001 - a bug of the kit's: answer 500 and keep it for the check
            scope.failures.append(f"the mock API failed answering {method} {path}:\n{traceback.format_exc()}")
            journal.answered(entry, Answer(500, "Internal Server Error", fault="failed (a bug in netlings)"))
            start_response("500 Internal Server Error", [("Content-Type", "text/plain"), ("Content-Length", "0")])
            return [b""]


    def _answer_journal(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "DELETE":
            with self._lock:
                journals = [s.journal for s in self._scopes.values()] + [self.strays]
            for journal in journals:
                journal.clear()
            body = b'{"cleared": true}'
        else:
            body = json.dumps(self.journal_json(), indent=2).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]


class _BodyReader:
    """The request body, already read, as the WSGI input stream the app reads."""

    def __init__(self, body: bytes) -> None:
        self._stream = io.BytesIO(body)

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size if size is not None else -1)

    def readline(self, size: int = -1) -> bytes:
        return self._stream.readline(size)

    def __iter__(self):
        return iter(self._stream)


def _read_body(environ) -> bytes:
    stream = environ.get("wsgi.input")
    if stream is None:
        return b""
    length = environ.get("CONTENT_LENGTH") or ""
    if length.isdigit():
        return stream.read(min(int(length), MAX_REQUEST_BODY))
    if environ.get("wsgi.input_terminated"):
        return stream.read(MAX_REQUEST_BODY)
    return b""


def _headers_of(environ) -> list[tuple[str, str]]:
    """The request headers as (name, value), names as HTTP spells them (`Idempotency-Key`)."""
    headers = []
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers.append((key[5:].replace("_", "-").title(), value))
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value:
            headers.append((key.replace("_", "-").title(), value))
    return headers


def _not_in_a_scope(environ, start_response):
    body = Reply(404, {"error": f"nothing is served at {environ.get('PATH_INFO', '/')}"}).encoded()[1]
    start_response("404 Not Found", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
