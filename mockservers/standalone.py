"""The kit's peers, run on their own (`grade serve NAME`), to try by hand with curl or requests.

Each peer is a `PeerSpec`: a name, a line for the list, and `start(options)`, which starts it
on 127.0.0.1 and returns a `Running` peer: its address, what it does, lines to try, and
`stop()`. What the peers do is what the checks do to learner code, on a fixed schedule:

- HTTP peers are a `MockAPIServer` with one scope at the root (and, for the paginated API,
  one more at /limited), answering `GET /__journal` with every request so far;
- the webhook sender is a client: it plays a scenario of deliveries against the URL it is
  given and says what each was answered;
- the TCP peers of exercises 1 to 4 are chunking servers that play a representative script to
  every connection, paced by time (they cannot see the far end of a stranger's socket);
- exercise 9's raw HTTP server answers each whole request with a chunked body cut inside its
  size lines, and its Flask app is served by werkzeug, one request a connection.

`log(line)` is called for every request (or connection) as it arrives and as it is answered.
"""

from __future__ import annotations

import struct
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from .script import close, seeded, send, split_at

JOURNAL = "/__journal"


@dataclass(frozen=True)
class Options:
    port: int = 0
    seed: int | None = None
    url: str | None = None  # where the webhook sender delivers
    secret: str = "netlings-webhook-secret"
    log: Callable[[str], None] = print


@dataclass
class Running:
    """A peer that is running: where, what it does, what to try; `stop()` ends it."""

    address: str
    does: list[str]
    tries: list[str]
    stop: Callable[[], None]
    finished: threading.Event = field(default_factory=threading.Event)  # a client peer that is done


@dataclass(frozen=True)
class PeerSpec:
    name: str
    summary: str
    start: Callable[[Options], Running]
    kind: str = "http"  # "http", "tcp" or "client"


# HTTP peers -----------------------------------------------------------------------------------


def _http(options: Options, app, setup=None, extra_scopes=()) -> tuple:
    from .apis.scopes import MockAPIServer

    server = MockAPIServer(port=options.port, journal_path=JOURNAL)
    scopes = [server.open_scope(app, prefix="")]
    for prefix, extra_app in extra_scopes:
        scopes.append(server.open_scope(extra_app, prefix=prefix))
    for scope in [*scopes, server]:
        journal = scope.strays if scope is server else scope.journal
        journal.on_arrival = lambda entry: options.log(_arrival(entry))
        journal.on_answer = lambda entry: options.log(_answered(entry))
    if setup:
        setup(*scopes)
    return server, scopes


def _arrival(entry) -> str:
    shown = [f"{name}: {entry.header(name)}" for name in ("Authorization", "Idempotency-Key", "Content-Type")
             if entry.header(name)]
    return f"#{entry.number} {entry.method} {entry.target}" + (f" ({', '.join(shown)})" if shown else "")


def _answered(entry) -> str:
    answer = entry.answer
    if answer.status is None:
        return f"#{entry.number} → the server {answer.fault}"
    kind = answer.header("Content-Type")
    told = f"#{entry.number} → {answer.status} {answer.reason} ({kind or 'no Content-Type'}, {len(answer.body)} bytes)"
    return told + (f": {answer.fault}" if answer.fault else "")


def _journal_lines(url: str) -> list[str]:
    return [f"{JOURNAL}: every request so far, as JSON (curl -s {url}{JOURNAL}); DELETE clears it"]


def start_users(options: Options) -> Running:
    from .apis.users import create_standalone_app, standalone_state

    server, (scope,) = _http(options, create_standalone_app())
    scope.state["users"] = standalone_state()
    url = server.url
    return Running(url, [
        "JSONPlaceholder's resources, no token needed (writes are answered, not kept, as there):",
        "  /posts, /posts/<id>, /posts/<id>/comments, /comments?postId=<id>, /users, /users/<id>, /todos",
        "exercise 10's Users API at /api (base URL " + url + "/api), with a bearer token:",
        "  GET /api/users/<id>, POST /api/users {\"name\", \"email\"}, GET /api/users?q=&page=&per_page=",
        "  tokens: netlings-token (read and write), netlings-read-only (read only); none or another: 401",
        *_journal_lines(url),
    ], [
        f"curl -s {url}/posts/1",
        f"curl -s -H 'Authorization: Bearer netlings-token' {url}/api/users/1",
        f"python3 -c \"import requests; print(requests.get('{url}/todos/1', timeout=5).json())\"",
    ], server.stop)


def _faulty(options: Options, *answers, what: list[str], tries: list[str], per_path: bool = True) -> Running:
    from .apis.faults import create_echo_app

    server, (scope,) = _http(options, create_echo_app())
    scope.schedule.add(*answers, cycle=True, per_path=per_path)
    url = server.url
    return Running(url, [*what, "otherwise any path answers 200 with JSON saying what arrived", *_journal_lines(url)],
                   [t.replace("{url}", url) for t in tries], server.stop)


def start_flaky(options: Options) -> Running:
    from .apis.faults import service_unavailable

    return _faulty(options, service_unavailable(), service_unavailable("1"), None,
                   what=["every path answers 503, 503 (with Retry-After: 1), then 200, and again (each path counts its own)"],
                   tries=["curl -si {url}/orders/1   (three times)"])


def start_drop(options: Options) -> Running:
    from .apis.faults import Drop

    return _faulty(options, Drop(), None, what=["every other request to a path: the connection is closed before the answer"],
                   tries=["curl -si {url}/orders/1   (twice: 'Empty reply from server', then 200)"])


def start_reset(options: Options) -> Running:
    from .apis.faults import CutBody, Reply

    return _faulty(options, CutBody(Reply(200, {"id": 1, "name": "Ada", "email": "ada@example.com"}), keep=10), None,
                   what=["every other request to a path: the headers and 10 bytes of the body, then a reset (RST)"],
                   tries=["curl -si {url}/users/1"])


def start_slow(options: Options) -> Running:
    from .apis.faults import Stall

    return _faulty(options, Stall(5.0), per_path=False, what=["every request: 5 s of silence before the answer"],
                   tries=["curl -s --max-time 1 {url}/users/1   (gives up after 1 s)",
                          "python3 -c \"import requests; requests.get('{url}/users/1', timeout=1)\"   (ReadTimeout)"])


def start_slow_body(options: Options) -> Running:
    from .apis.faults import Reply, StallBody

    return _faulty(options, StallBody(Reply(200, {"id": 1, "name": "Ada", "email": "ada@example.com"}), keep=12, seconds=5.0),
                   per_path=False,
                   what=["every request: the headers and 12 bytes of the body, then 5 s before the rest"],
                   tries=["python3 -c \"import requests; requests.get('{url}/users/1', timeout=1)\"   "
                          "(a ConnectionError caused by ReadTimeoutError, not a Timeout)"])


MALFORMED = {
    "/html": ("an HTML page with status 200", lambda f: f.html_page()),
    "/text": ("a user as JSON, under Content-Type: text/plain", lambda f: f.json_as("text/plain", USER)),
    "/untyped": ("a user as JSON, without a Content-Type", lambda f: f.json_as(None, USER)),
    "/truncated": ("JSON cut in the middle (its Content-Length matches)", lambda f: f.truncated_json(USER)),
    "/cut": ("a body cut short of its Content-Length, then a reset", lambda f: f.CutBody(f.Reply(200, USER), keep=9)),
    "/empty": ("200 with a JSON Content-Type and no body", lambda f: f.empty_body()),
    "/string-id": ('a user whose id is "1"', lambda f: f.Reply(200, {**USER, "id": "1"})),
    "/bool-id": ("a user whose id is true", lambda f: f.Reply(200, {**USER, "id": True})),
    "/float-id": ("a user whose id is 1.0", lambda f: f.Reply(200, {**USER, "id": 1.0})),
    "/no-email": ("a user without an email", lambda f: f.Reply(200, {"id": 1, "name": USER["name"]})),
    "/object": ('{"users": [...]} where a list belongs', lambda f: f.Reply(200, {"users": [USER]})),
    "/list": ("[user] where an object belongs", lambda f: f.Reply(200, [USER])),
}
USER = {"id": 1, "name": "Ada Lovett", "email": "ada@lovett.example"}


def start_malformed(options: Options) -> Running:
    from .apis import faults

    def setup(scope):
        for path, (_, answer) in MALFORMED.items():
            scope.schedule.add(answer(faults), path=path, cycle=True)

    server, _ = _http(options, faults.create_echo_app(), setup)
    url = server.url
    return Running(url, [f"{path:<12} {what}" for path, (what, _) in MALFORMED.items()] + _journal_lines(url),
                   [f"curl -si {url}/html", f"curl -si {url}/bool-id"], server.stop)


def _start_limited(options: Options, retry_after: str) -> Running:
    from .apis.faults import TokenBucket, create_echo_app

    def setup(scope):
        scope.rate_limit = TokenBucket(rate=1, burst=5, retry_after=retry_after)

    server, _ = _http(options, create_echo_app(), setup)
    url = server.url
    form = "seconds" if retry_after == "seconds" else "an HTTP-date"
    return Running(url, [
        "a token bucket: 5 requests at once, then 1 a second; past that, 429 with Retry-After as " + form,
        "every answer has X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (seconds until full)",
        *_journal_lines(url),
    ], [f"for i in 1 2 3 4 5 6 7; do curl -s -o /dev/null -w '%{{http_code}} ' {url}/items; done"], server.stop)


def start_rate_limited(options: Options) -> Running:
    return _start_limited(options, "seconds")


def start_rate_limited_date(options: Options) -> Running:
    return _start_limited(options, "date")


STYLED = ("absolute", "path", "relative", "query", "bare", "combined")


def start_paginated(options: Options) -> Running:
    from .apis.faults import TokenBucket
    from .apis.paginated import Collection, create_app, sample_items

    items = sample_items(25, options.seed or 0)
    app = create_app()

    def setup(root, limited):
        root.state["collections"] = {"/items": Collection(items, per_page=3)}
        root.state["collections"].update({f"/{style}/items": Collection(items, per_page=3, style=style) for style in STYLED})
        root.state["collections"]["/loop/items"] = Collection(items[:9], per_page=3, loop_to=1)
        limited.state["collections"] = {"/items": Collection(items, per_page=3)}
        limited.rate_limit = TokenBucket(rate=1, burst=2)

    server, _ = _http(options, app, setup, extra_scopes=[("/limited", app)])
    url = server.url
    return Running(url, [
        "/items?page=N: 25 items, 3 a page (9 pages), Link headers with absolute URLs (first, prev, next, last)",
        "/<style>/items: the same, with Link written " + ", ".join(STYLED[1:]) + " (see mockservers/apis/paginated.py)",
        "/loop/items: 3 pages whose last links back to the first",
        "/limited/items: the same 25 items, 2 requests at once then 1 a second, 429 with Retry-After past that",
        *_journal_lines(url),
    ], [f"curl -si '{url}/items?page=2'", f"curl -si '{url}/relative/items?page=8'"], server.stop)


# The webhook sender -------------------------------------------------------------------------


def start_webhooks(options: Options) -> Running:
    from .apis.webhooks import WebhookSender, scenario

    sender = WebhookSender(options.url, options.secret.encode())
    running = Running(options.url, [
        f"delivers exercise 13's webhooks to {options.url}, signed with the secret {options.secret!r}",
        "(make your app with create_app(" + repr(options.secret.encode()) + ") and the real clock),",
        "each kind of delivery once, and says what your app answered and what the contract expects",
    ], [], lambda: None)

    def play():
        steps = scenario(options.seed or int(time.time()) % 10_000)
        right = 0
        for number, step in enumerate(steps, 1):
            outcome = step.send(sender)
            answers = outcome if isinstance(outcome, list) else [outcome]
            ok, said = _as_expected(step, answers)
            right += ok
            options.log(f"{'✓' if ok else '✗'} {number:>2}. {step.what}: {said} (expected {_expected(step, answers)})")
        options.log(f"{right} of {len(steps)} deliveries answered as the contract says")
        running.finished.set()

    threading.Thread(target=play, name="webhook-sender", daemon=True).start()
    return running


def _as_expected(step, answers) -> tuple[bool, str]:
    said = [f"{a.status} {_status_of(a)}".rstrip() if a.status else f"nothing ({a.error})" for a in answers]
    statuses = [a.status for a in answers]
    if len(answers) > 1:
        told = sorted(_status_of(a) for a in answers)
        ok = statuses == [200] * len(answers) and told == ["duplicate"] * (len(answers) - 1) + ["processed"]
        return ok, ", ".join(sorted(set(said), key=said.index)) + f" ({len(answers)} answers)"
    ok = statuses == [step.expected] and (not step.answer or _status_of(answers[0]) == step.answer)
    return ok, said[0]


def _expected(step, answers) -> str:
    if len(answers) > 1:
        return "one processed, the others duplicate"
    return f"{step.expected}" + (f" {step.answer}" if step.answer else "")


def _status_of(delivery) -> str:
    body = delivery.json()
    return body.get("status", "") if isinstance(body, dict) else ""


# TCP peers of exercises 1-4 -----------------------------------------------------------------

READING = struct.Struct("!IHh")


def _tcp_scripts(seed: int | None) -> dict[int, tuple[str, str, list]]:
    """For each exercise: a short summary, what the peer does, and its script."""
    text = "héllo wörld · naïve café ✓\n".encode()
    lines = b"HELO a\r\nMAIL b\n\nRCPT c\r\nQUIT\n"
    readings = b"".join(READING.pack(1_700_000_000 + i, 7, t) for i, t in enumerate((2150, -307, 0, 1999)))
    frames = b"".join(struct.pack("!I", len(p)) + p for p in (b'{"type":"hello"}', b"", '{"text":"héllo"}'.encode()))
    pieces = (lambda fixed: seeded(seed, 1, 7)) if seed is not None else (lambda fixed: fixed)
    return {
        1: ("UTF-8 text cut inside its characters", "sends UTF-8 text cut inside its characters (é is 2 bytes, ✓ is 3), "
            "then closes", [send(text, pieces=pieces(split_at(2, 10, 17, 26, 33))), close()]),
        2: ("sensor records cut inside records", "sends 4 sensor readings (8-byte records, '!IHh': time, sensor 7, "
            "hundredths of °C: 21.5, -3.07, 0, 19.99), cut inside records, then closes",
            [send(readings, pieces=pieces(split_at(3, 8, 13, 22))), close()]),
        3: ("lines cut inside a CRLF", "sends 5 lines (CRLF and LF endings, an empty line), cut inside a CRLF, then closes",
            [send(lines, pieces=pieces(split_at(7, 9, 16, 30))), close()]),
        4: ("length-prefixed frames cut inside a header", "sends 3 length-prefixed frames (JSON, an empty frame, JSON "
            "with é), cut inside a header, then closes", [send(frames, pieces=pieces(split_at(2, 6, 21, 24))), close()]),
    }


def _start_tcp(number: int) -> Callable[[Options], Running]:
    def start(options: Options) -> Running:
        from .chunking import ChunkingServer

        _, what, steps = _tcp_scripts(options.seed)[number]
        server = ChunkingServer(*steps, port=options.port)
        host, port = server.address
        watcher = _ConnectionLog(server, options.log)
        seeded_note = f" (pieces of 1-7 bytes, seed {options.seed})" if options.seed is not None else ""

        def stop():
            watcher.stop()
            server.stop()

        return Running(f"{host}:{port}", [
            f"the TCP peer of exercise-{number}: every connection {what}{seeded_note}",
            "pieces are sent 5 ms apart (with TCP_NODELAY), so each tends to arrive as a read of its own",
        ], [f"nc {host} {port} | xxd",
            f"python3 -c \"import socket; s = socket.create_connection(('{host}', {port})); "
            f"print([c for c in iter(lambda: s.recv(65536), b'')])\""], stop)

    return start


class _ConnectionLog:
    """Logs each connection of a chunking server as it comes and as it ends, then forgets it."""

    def __init__(self, server, log) -> None:
        self._server, self._log = server, log
        self._numbers: dict[int, int] = {}
        self._count = 0
        self._stopped = threading.Event()
        threading.Thread(target=self._watch, name="tcp-log", daemon=True).start()

    def stop(self) -> None:
        self._stopped.set()

    def _watch(self) -> None:
        while not self._stopped.wait(0.05):
            with self._server._accepted:  # the address each peer was accepted from, kept by the server
                addresses = {id(p): a for a, p in self._server._peer_at.items()}
            for peer in list(self._server.peers):
                if id(peer) not in self._numbers:
                    self._count += 1
                    self._numbers[id(peer)] = self._count
                    where = "%s:%d" % addresses[id(peer)] if id(peer) in addresses else "a client"
                    self._log(f"#{self._count} connection from {where}")
                if peer.pending == 0 and peer.journal.ended is not None:
                    pieces = sum(1 for p in peer.played if p.action == "sent")
                    self._log(f"#{self._numbers.pop(id(peer))} sent {len(peer.sent)} bytes in {pieces} pieces; the "
                              f"other side {peer.journal.ended} the connection after sending {peer.received!r}")
                    self._server.release(peer)


# HTTP by hand: exercise 9's peers -----------------------------------------------------------


def start_http_raw(options: Options) -> Running:
    """A raw HTTP server: a chunked answer cut inside its size lines, to every request."""
    from .httpwire import chunked, response
    from .rawhttp import RawHTTPServer

    body = chunked(b"Hello from a raw ", b"HTTP server, ", b"one chunk at a time\n", extensions={1: ";note=x"},
                   trailers=[("X-Checksum", "none")], upper=True)
    answer = response(200, "OK", [("Content-Type", "text/plain"), ("Transfer-Encoding", "chunked")], body)
    start = answer.index(b"\r\n\r\n") + 4
    pieces = seeded(options.seed, 1, 7) if options.seed is not None else split_at(start + 1, start + 3, len(answer) - 9)
    server = RawHTTPServer(send(answer, pieces=pieces), close(), port=options.port)
    host, port = server.address
    watcher = _ConnectionLog(server, options.log)

    def stop():
        watcher.stop()
        server.stop()

    return Running(f"{host}:{port}", [
        "a raw HTTP server (exercise 9): it reads each whole request, then answers 200 with a chunked body "
        "(upper-case hex, an extension, a trailer), cut inside its chunk-size lines, and closes",
        "pieces are sent 5 ms apart (with TCP_NODELAY), so each tends to arrive as a read of its own",
    ], [f"curl -v --raw http://{host}:{port}/", f"printf 'GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n' | nc {host} {port}"], stop)


def start_http_app(options: Options) -> Running:
    """Exercise 9's Flask app, served by werkzeug, one request a connection."""
    from .httpapp import create_app
    from .wsgi import OneRequestHandler, Served

    served = Served(create_app(), port=options.port, handler=OneRequestHandler)
    return Running(f"{served.host}:{served.port}", [
        "exercise 9's Flask app: GET /hello (text with a Content-Length), /echo?... (JSON of what arrived), "
        "/stream (a chunked body), /status/<code> (an empty answer with that status); HEAD is werkzeug's own",
    ], [f"curl -v {served.url}/hello", f"curl -v --raw {served.url}/stream", f"curl -I {served.url}/hello"], served.stop)


# The list ------------------------------------------------------------------------------------

PEERS: tuple[PeerSpec, ...] = (
    PeerSpec("users", "exercise 10's Users API (at /api), and JSONPlaceholder's /posts, /users, /comments, /todos", start_users),
    PeerSpec("flaky", "every path: 503, 503, then 200, again and again (exercise 11)", start_flaky),
    PeerSpec("drop", "every other request: the connection closed before the answer", start_drop),
    PeerSpec("reset", "every other request: a reset in the middle of the body", start_reset),
    PeerSpec("slow", "every request: 5 s of silence before the answer (for timeouts)", start_slow),
    PeerSpec("slow-body", "every request: part of the body, then 5 s before the rest", start_slow_body),
    PeerSpec("malformed", "HTML with 200, JSON under the wrong type, cut-off JSON, true for an id, ...", start_malformed),
    PeerSpec("rate-limited", "a token bucket: 429 with Retry-After in seconds, X-RateLimit-* headers", start_rate_limited),
    PeerSpec("rate-limited-date", "the same, with Retry-After as an HTTP-date", start_rate_limited_date),
    PeerSpec("paginated", "25 items in pages, Link headers of every style, a loop, a rate limit (exercise 12)",
             start_paginated),
    PeerSpec("webhooks", "sends exercise 13's webhooks to your app: grade serve webhooks --url URL", start_webhooks,
             kind="client"),
    *(PeerSpec(f"exercise-{n}", f"exercise {n}'s TCP peer: {_tcp_scripts(None)[n][0]}", _start_tcp(n), kind="tcp")
      for n in (1, 2, 3, 4)),
    PeerSpec("http-raw", "exercise 9's raw HTTP server: a chunked answer cut inside its size lines", start_http_raw,
             kind="tcp"),
    PeerSpec("http-app", "exercise 9's Flask app: /hello, /echo, /stream, /status/<code>", start_http_app),
)
ALIASES = {"exercise-9": "http-raw", "exercise-10": "users", "exercise-11": "flaky", "exercise-12": "paginated", "exercise-13": "webhooks"}


def find_peer(name: str) -> PeerSpec | None:
    """The peer called `name` (or exercise-9 to exercise-13, for the peer of that exercise)."""
    wanted = name.strip().lower()
    wanted = ALIASES.get(wanted, wanted)
    return next((peer for peer in PEERS if peer.name == wanted), None)
