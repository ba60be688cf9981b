"""The fixtures of the API checks: `api` (Flask mock APIs) and `webhooks` (a learner's app served).

- `api`: scopes of one mock API server that serves the whole run (mockservers/apis), each
  check in scopes of its own: `api.users(...)` (exercise 10), `api.echo()` (an endpoint that
  answers 200 to anything, for schedules of faults: exercise 11), `api.pages(...)` (exercise
  12). A scope's URL is what learner code gets; its journal is what the check judges; its
  story (http_story.py) is told at the top of every failure. Also `api.nowhere()` (a URL on a
  loopback port nothing listens on) and `api.black_hole()` (one whose connect never completes,
  for connect timeouts).
- `webhooks`: serves a learner's Flask app on a real loopback port (werkzeug, threaded, as
  `flask run` would) and makes webhook senders that talk HTTP to it; the deliveries and the
  app's answers are the story. `webhooks.recorder()` is an `on_event` of the kit's own that
  remembers the events (and can be slow, to widen a race).

A mock API that failed (a bug in the kit) makes the check an error at teardown, never the
learner's fault.
"""

from __future__ import annotations

import select
import socket
import threading
import time

import pytest

from .checking import Checker
from .http_story import folded_lines, tell_deliveries, tell_journal, times

LOOPBACK = "127.0.0.1"
_APPS: dict = {}  # kind: the Flask app of the mock API of that kind
EXERCISE_10_HEADERS = ("Authorization", "Accept", "Content-Type")


def kit_session(token: str | None = None):
    """A requests.Session of the kit's (shown as `session`), sending `token` as a bearer token.

    It lives in the learner's process, as learner code would use it there, and records the
    timeout of each request it sends (`.timeouts`).
    """
    from .learners import current_helpers

    return current_helpers().kit_session(token)


def recording_session():
    """A plain requests.Session of the kit's, in the learner's process, that records timeouts (`.timeouts`)."""
    from .learners import current_helpers

    return current_helpers().recording_session()


def same_url(got, expected: str) -> bool:
    """The same scheme, host, port and path, and the same query parameters (in any order or encoding)."""
    from urllib.parse import parse_qs, urlsplit

    if not isinstance(got, str):
        return False
    a, b = urlsplit(got), urlsplit(expected)
    return ((a.scheme, a.netloc, a.path.rstrip("/") or "/") == (b.scheme, b.netloc, b.path.rstrip("/") or "/")
            and parse_qs(a.query, keep_blank_values=True) == parse_qs(b.query, keep_blank_values=True))


def timed(action):
    """(seconds it took, what it returned)."""
    started = time.monotonic()
    result = action()
    return time.monotonic() - started, result


class ToldScope:
    """A scope as a check's story tells it (the Checker's peers are told with `story_lines`)."""

    def __init__(self, scope, label: str, shown_headers: tuple[str, ...]) -> None:
        self.scope = scope
        self.label = label
        self.shown_headers = shown_headers
        self._strays_before = len(scope.server.strays.entries)

    def story_lines(self, role: str) -> list[str]:
        strays = self.scope.server.strays.entries[self._strays_before :]
        return tell_journal(self.scope.journal, role=role, label=self.label, shown_headers=self.shown_headers,
                            strays=strays, base_url=self.scope.url)


class MockAPIs:
    """The `api` fixture: opens scopes of the run's mock API server for one check."""

    def __init__(self, server, checker: Checker) -> None:
        self.server = server
        self.checker = checker
        self.scopes = []
        self._sockets: list[socket.socket] = []

    def _app(self, kind: str):
        apps = _APPS  # the apps keep no state of their own (it is the scopes'), so one of each serves every run
        if kind not in apps:
            if kind == "users":
                from mockservers.apis.users import create_app
            elif kind == "pages":
                from mockservers.apis.paginated import create_app
            else:
                from mockservers.apis.faults import create_echo_app as create_app
            apps[kind] = create_app()
        return apps[kind]

    def _open(self, kind: str, label: str, shown_headers: tuple[str, ...], clock=time.monotonic):
        scope = self.server.open_scope(self._app(kind), clock=clock)
        self.scopes.append(scope)
        self.checker.watch(ToldScope(scope, label, shown_headers), "server")
        return scope

    def users(self, users: dict[int, tuple[str, str]] | None = None, tokens: dict[str, tuple[str, ...]] | None = None,
              shown_headers: tuple[str, ...] = EXERCISE_10_HEADERS):
        """A scope of the Users API holding `users` ({id: (name, email)}), allowing `tokens` ({token: scopes})."""
        from mockservers.apis.users import UsersState

        scope = self._open("users", "request", shown_headers)
        state = scope.state.setdefault("users", UsersState())
        for user_id, (name, email) in (users or {}).items():
            state.add(name, email, user_id)
        for token, scopes in (tokens or {}).items():
            state.allow(token, *scopes)
        return scope

    def echo(self, shown_headers: tuple[str, ...] = ("Idempotency-Key",), label: str = "attempt"):
        """A scope where every request is answered 200 with JSON, unless the schedule says otherwise."""
        return self._open("echo", label, shown_headers)

    def pages(self, collections: dict, clock=time.monotonic, shown_headers: tuple[str, ...] = ()):
        """A scope of the paginated API serving `collections` ({path: Collection})."""
        scope = self._open("pages", "request", shown_headers, clock)
        scope.state["collections"] = dict(collections)
        return scope

    def sleep_for(self, scope, clock=None, name: str = "sleep"):
        """A recording sleep (fakes.py) whose calls are told in the scope's story, between the requests."""
        from .fakes import RecordingSleep  # imports requests: only API checks need it

        return RecordingSleep(clock, scope.journal, name)

    def nowhere(self) -> str:
        """`http://127.0.0.1:PORT`, a port that was just bound and closed: connecting is refused."""
        probe = socket.socket()
        probe.bind((LOOPBACK, 0))
        port = probe.getsockname()[1]
        probe.close()
        return f"http://{LOOPBACK}:{port}"

    def black_hole(self) -> str:
        """`http://127.0.0.1:PORT` of a listener whose queue is full: a connect there never completes."""
        listener = socket.socket()
        listener.bind((LOOPBACK, 0))
        listener.listen(0)
        self._sockets.append(listener)
        address = listener.getsockname()
        for _ in range(3):  # fill the accept queue; further SYNs are dropped, so connect() waits
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(address)
            self._sockets.append(filler)
        probe = socket.socket()
        probe.setblocking(False)
        self._sockets.append(probe)
        probe.connect_ex(address)
        _, writable, _ = select.select([], [probe], [], 0.05)
        if writable:
            raise RuntimeError("cannot make a connect that never completes on this system")
        return f"http://{LOOPBACK}:{address[1]}"

    def close(self) -> None:
        for scope in self.scopes:
            self.server.close_scope(scope)
        for sock in self._sockets:
            sock.close()
        for scope in self.scopes:
            scope.check_health()


@pytest.fixture(scope="session")
def api_server():
    """The mock API server every check's scopes live in, for the whole run."""
    from mockservers.apis.scopes import MockAPIServer  # only runs with API checks need Flask

    server = MockAPIServer()
    yield server
    server.stop()


@pytest.fixture
def api(api_server, check: Checker):
    """Scopes of the mock API server for this check; their stories head its failure messages."""
    apis = MockAPIs(api_server, check)
    yield apis
    apis.close()


# Webhooks: the learner's app is the server ---------------------------------------------------


class EventRecorder:
    """An `on_event` of the kit's: remembers each event it is called with, taking `seconds` each."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.seconds = seconds
        self.events: list = []
        self._lock = threading.Lock()

    def __call__(self, event) -> None:
        with self._lock:
            self.events.append(event)
        if self.seconds:
            time.sleep(self.seconds)  # a slow "processing", so that duplicates arrive meanwhile

    def __repr__(self) -> str:
        return f"on_event (the kit's, taking {self.seconds:g} s an event)" if self.seconds else "on_event (the kit's)"

    @property
    def ids(self) -> list:
        with self._lock:
            return [e.get("id") if isinstance(e, dict) else e for e in self.events]

    def story_lines(self, role: str) -> list[str]:
        ids = self.ids
        if not ids:
            return ["your app did not call on_event"]
        return [f"your app called on_event {times(len(ids))}, for the events {', '.join(map(repr, ids))}"]


class ToldSender:
    def __init__(self, sender) -> None:
        self.sender = sender

    def story_lines(self, role: str) -> list[str]:
        return tell_deliveries(list(self.sender.deliveries))


class ToldAppErrors:
    """The exceptions the learner's app raised while answering, told with the file and line."""

    def __init__(self, checker: Checker) -> None:
        self.checker = checker
        self.served: list = []  # the learner's apps, served in its process; each keeps what it raised

    def story_lines(self, role: str) -> list[str]:
        from .show import show_exception

        errors = []
        for served in self.served:
            try:
                errors += served.errors
            except BaseException:  # noqa: BLE001 - the process is gone: the check says so itself
                pass
        return folded_lines([f"your app raised {show_exception(exc)}{self.checker.where(exc)} while answering (so it "
                             "answered 500)" for exc in errors])


class WebhookPeers:
    """The `webhooks` fixture: serves learner apps on loopback ports and makes senders for them."""

    def __init__(self, checker: Checker) -> None:
        self.checker = checker
        self._served = []
        self._errors = ToldAppErrors(checker)
        self._told_errors = False

    def serve(self, app) -> str:
        """Serve `app` on 127.0.0.1 (a port of its own, in the learner's process); return its URL."""
        from .learners import current_helpers

        served = current_helpers().serve(app)
        self._errors.served.append(served)
        self._served.append(served)
        if not self._told_errors:
            self.checker.watch(self._errors, "app")
            self._told_errors = True
        return served.url

    def sender(self, url: str, secret: bytes, clock):
        from mockservers.apis.webhooks import WebhookSender

        sender = WebhookSender(url, secret, clock)
        self.checker.watch(ToldSender(sender), "webhook sender", first=True)
        return sender

    def recorder(self, seconds: float = 0.0) -> EventRecorder:
        recorder = EventRecorder(seconds)
        self.checker.watch(recorder, "on_event")
        return recorder

    def close(self) -> None:
        for served in self._served:
            try:
                served.stop()
            except BaseException:  # noqa: BLE001 - a process that is gone serves nothing any more
                pass


@pytest.fixture
def webhooks(check: Checker):
    """Serves the learner's apps and sends them webhooks; the deliveries head its failure messages."""
    peers = WebhookPeers(check)
    yield peers
    peers.close()
