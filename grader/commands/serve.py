"""`grade serve [NAME]`: run one of the kit's peers on its own, to try it by hand.

    grade serve                              the peers, one line each
    grade serve users [--port 8000]          the Users API and JSONPlaceholder's resources
    grade serve exercise-3 [--seed 7]        the TCP peer of exercise 3 (pieces of seeded sizes)
    grade serve webhooks --url URL           deliver exercise 13's webhooks to your running app

A server prints its address, what it does and lines to try, then logs every request (or
connection) as it arrives, until Ctrl-C stops it: it shuts down cleanly and exits 130. The
webhook sender is a client: it plays its deliveries against --url, says what each was
answered, and exits 0. SIGTERM stops a server as Ctrl-C does. Everything listens on
127.0.0.1 only; without --port the system picks a free port.
"""

from __future__ import annotations

import argparse
import signal
import threading
import time
from urllib.parse import urlsplit

from ..catalog import find
from .common import ExitStatus, Parser, UsageError, out

DESCRIPTION = """\
Run one of the kit's misbehaving peers on its own, on 127.0.0.1, to try it with curl,
requests or your own code; without NAME, list them. Ctrl-C stops a server."""


def port_number(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a number from 0 to 65535, not {text!r}")
    return int(text)


def build_parser() -> Parser:
    parser = Parser(prog="grade serve", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("peer", nargs="?", metavar="NAME", help="the peer to run (grade serve lists them)")
    parser.add_argument("--port", type=port_number, default=0, metavar="P", help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--seed", type=int, metavar="S", help="seed of the TCP peers' piece sizes and of generated data")
    parser.add_argument("--url", metavar="URL", help="webhooks only: where to deliver (http://127.0.0.1:5000/webhooks/payments)")
    parser.add_argument("--secret", default="netlings-webhook-secret", metavar="TEXT",
                        help="webhooks only: the shared secret the deliveries are signed with")
    return parser


def run(argv: list[str]) -> int:
    from mockservers.standalone import PEERS, Options, find_peer

    args = build_parser().parse_args(argv)
    if args.peer is None:
        return _list(PEERS)
    peer = find_peer(args.peer)
    if peer is None and find(args.peer) is not None:
        peer = find_peer(find(args.peer).id)
    if peer is None:
        raise UsageError(f"no peer named {args.peer!r}; `grade serve` lists them")
    _check_options(peer, args)
    log = _Log()
    try:
        running = peer.start(Options(port=args.port, seed=args.seed, url=args.url, secret=args.secret, log=log))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UsageError(f"cannot listen on 127.0.0.1:{args.port} ({reason}); choose another --port, or leave it "
                         "out for a free one") from None
    # Our own handlers: a server started in the background (`grade serve users &`) begins with
    # SIGINT ignored, and SIGTERM would otherwise end it without a clean stop.
    previous = {number: signal.signal(number, _interrupt) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        _introduce(peer, running, args)
        log.started = True
        if peer.kind == "client":
            while not running.finished.wait(0.2):
                pass
            return ExitStatus.OK
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        out("stopped")
        return ExitStatus.INTERRUPTED
    finally:
        running.stop()
        for number, handler in previous.items():
            signal.signal(number, handler)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _check_options(peer, args) -> None:
    if peer.kind == "client":
        if not args.url:
            raise UsageError("the webhook sender needs to know where to deliver: grade serve webhooks --url "
                             "http://127.0.0.1:5000/webhooks/payments")
        parts = urlsplit(args.url)
        if parts.scheme != "http" or not parts.hostname:
            raise UsageError(f"--url {args.url}: give an http:// URL, such as http://127.0.0.1:5000/webhooks/payments")
        if args.port:
            raise UsageError("--port is for servers; the webhook sender delivers to --url")
    elif args.url:
        raise UsageError(f"--url is for the webhook sender; {peer.name} is a server (its address is printed)")


def _list(peers) -> int:
    width = max(len(p.name) for p in peers)
    lines = ["The kit's peers, to run on their own: grade serve NAME [--port P] [--seed S]", ""]
    lines += [f"  {p.name:<{width}}  {p.summary}" for p in peers]
    lines += ["", "Each prints its address and what to try; Ctrl-C stops it. exercise-9 to exercise-13 name the peers "
              "of those exercises too."]
    out("\n".join(lines))
    return ExitStatus.OK


def _introduce(peer, running, args) -> None:
    if peer.kind == "client":
        where = f"delivering to {running.address}"
    elif peer.kind == "tcp":
        where = f"listening on {running.address} · Ctrl-C stops it"
    else:
        where = f"listening on {running.address} · Ctrl-C stops it"
    lines = [f"netlings · {peer.name}: {peer.summary}", where, ""]
    lines += [f"  {line}" for line in running.does]
    if running.tries:
        lines += ["", "try:"] + [f"  {line}" for line in running.tries]
    what = {"client": "deliveries", "tcp": "connections"}.get(peer.kind, "requests")
    lines += ["", f"{what}, as they happen:"]
    out("\n".join(lines))


class _Log:
    """Prints a peer's log lines with the time, one at a time; holds them until the introduction is out."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: list[str] = []
        self._started = False

    @property
    def started(self) -> bool:
        return self._started

    @started.setter
    def started(self, value: bool) -> None:
        with self._lock:
            self._started = value
            held, self._held = self._held, []
            for line in held:
                out(line)

    def __call__(self, line: str) -> None:
        stamped = f"  {time.strftime('%H:%M:%S')} {line}"
        with self._lock:
            if self._started:
                out(stamped)
            else:
                self._held.append(stamped)
