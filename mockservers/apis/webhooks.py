"""The webhook sender of exercise 13: signs payment events and delivers them over HTTP.

The contract: `POST /webhooks/payments` with `X-Webhook-Timestamp` (unix seconds) and
`X-Webhook-Signature: sha256=<hex>`, hex being HMAC-SHA256 of `f"{timestamp}.".encode() + body`
with the shared secret. The sender delivers events as a payment provider would, and also the
way attackers and broken networks do: replays, bodies changed after signing, signatures over
the body alone or with another secret, stale and future timestamps, wrong content types,
bodies over the limit (with a Content-Length, and chunked without one), and duplicate
deliveries of one event fired at the same moment.

    sender = WebhookSender("http://127.0.0.1:5000/webhooks/payments", b"secret", clock=lambda: 1_700_000_000)
    delivery = sender.deliver(event("evt_1"), what="a delivery signed with the secret")
    delivery.status, delivery.json()          # 200, {"status": "processed"}
    sender.deliver_together(event("evt_2"), copies=8)

It talks real HTTP (http.client) to whatever serves the URL, and keeps every delivery: what it
sent and why (`what`), and what came back, for the story a check tells.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit

PATH = "/webhooks/payments"
MAX_BODY = 65_536
TIMEOUT = 1.5  # seconds the sender waits for an answer


def event(event_id: str, kind: str = "payment.succeeded", amount: int = 2500, **extra) -> dict:
    """A payment event as the provider sends it."""
    return {"id": event_id, "type": kind, "data": {"amount": amount, "currency": "eur", **extra}}


def sign(secret: bytes, timestamp: int | str, body: bytes) -> str:
    """The X-Webhook-Signature value for this timestamp and body."""
    digest = hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def padded(event_id: str, size: int) -> bytes:
    """The JSON of an event padded (in a "note" field) to exactly `size` bytes."""
    base = json.dumps(event(event_id, note="")).encode()
    if size < len(base):
        raise ValueError(f"an event takes at least {len(base)} bytes")
    return json.dumps(event(event_id, note="x" * (size - len(base)))).encode()


@dataclass
class Delivery:
    """One request the sender made, and what came back (or why nothing did)."""

    number: int
    what: str
    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes
    chunked: bool = False
    status: int | None = None
    reason: str = ""
    response_headers: list[tuple[str, str]] = field(default_factory=list)
    response_body: bytes = b""
    error: str = ""  # why there is no answer: "no answer within 1.5 s", "connection refused"
    seconds: float = 0.0

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)

    def response_header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.response_headers if k.lower() == wanted), None)

    def json(self):
        """The answer's body as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.response_body)
        except ValueError:
            return None


OMIT = object()  # leave a header out


class WebhookSender:
    """Delivers events to `url`, signed with `secret`, timestamps from `clock` (unix seconds)."""

    def __init__(self, url: str, secret: bytes, clock: Callable[[], float] = time.time, timeout: float = TIMEOUT) -> None:
        parts = urlsplit(url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"the webhook sender needs an http:// URL, not {url!r}")
        self.url = url
        self.host, self.port = parts.hostname, parts.port or 80
        self.path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self.base_path = parts.path.rstrip("/")
        self.secret = secret
        self.clock = clock
        self.timeout = timeout
        self.deliveries: list[Delivery] = []
        self._lock = threading.Lock()

    def deliver(self, payload: dict | None = None, *, body: bytes | None = None, timestamp=None, signature=None,
                content_type="application/json", secret: bytes | None = None, signed_body: bytes | None = None,
                signed_over: str = "timestamp.body", chunked: bool = False, what: str = "",
                path: str | None = None, method: str = "POST") -> Delivery:
        """Send one delivery and wait for its answer.

        `body` (bytes) or `payload` (JSON); `timestamp` (default: clock(), as an int; OMIT to
        leave the header out); `signature` (default: signed as the contract says, over
        `signed_body` if given, with `secret` if given, `signed_over="body"` for the body alone;
        OMIT to leave it out); `content_type` (OMIT to leave it out); `chunked` sends the body
        without a Content-Length.
        """
        if body is None:
            body = json.dumps(payload if payload is not None else {}).encode()
        if timestamp is None:
            timestamp = int(self.clock())
        if signature is None:
            stamped = timestamp if timestamp is not OMIT else int(self.clock())
            key = secret if secret is not None else self.secret
            message = signed_body if signed_body is not None else body
            if signed_over == "body":
                signature = "sha256=" + hmac.new(key, message, hashlib.sha256).hexdigest()
            else:
                signature = sign(key, stamped, message)
        headers = []
        if content_type is not OMIT:
            headers.append(("Content-Type", content_type))
        if timestamp is not OMIT:
            headers.append(("X-Webhook-Timestamp", str(timestamp)))
        if signature is not OMIT:
            headers.append(("X-Webhook-Signature", signature))
        return self.send(method, path or self.path, headers, body, chunked=chunked, what=what)

    def get(self, path: str, what: str = "") -> Delivery:
        return self.send("GET", path, [], b"", what=what)

    def send(self, method: str, path: str, headers: list[tuple[str, str]], body: bytes, *,
             chunked: bool = False, what: str = "") -> Delivery:
        with self._lock:
            delivery = Delivery(len(self.deliveries) + 1, what, method, path, list(headers), body, chunked)
            self.deliveries.append(delivery)
        started = time.monotonic()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.putrequest(method, path, skip_accept_encoding=True)
            for name, value in headers:
                connection.putheader(name, value)
            if chunked:
                connection.putheader("Transfer-Encoding", "chunked")
            elif body or method == "POST":
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders()
            if chunked:
                for start in range(0, len(body), 16_384):
                    piece = body[start : start + 16_384]
                    connection.send(b"%x\r\n%s\r\n" % (len(piece), piece))
                connection.send(b"0\r\n\r\n")
            elif body:
                connection.send(body)
            response = connection.getresponse()
            delivery.response_body = response.read()
            delivery.status, delivery.reason = response.status, response.reason
            delivery.response_headers = list(response.getheaders())
        except TimeoutError:
            delivery.error = f"no answer within {self.timeout:g} s"
        except ConnectionRefusedError:
            delivery.error = "the connection was refused: nothing listens there"
        except (OSError, http.client.HTTPException) as exc:
            delivery.error = f"the connection failed: {type(exc).__name__}: {exc}"
        finally:
            connection.close()
            delivery.seconds = time.monotonic() - started
        return delivery

    def deliver_together(self, payload: dict, copies: int, what: str = "") -> list[Delivery]:
        """Deliver `copies` identical deliveries of one event at the same moment (one thread each)."""
        body = json.dumps(payload).encode()
        timestamp = int(self.clock())
        signature = sign(self.secret, timestamp, body)
        start = threading.Barrier(copies)
        results: list[Delivery | None] = [None] * copies

        def one(index: int) -> None:
            try:
                start.wait(self.timeout)
            except threading.BrokenBarrierError:
                pass
            results[index] = self.deliver(body=body, timestamp=timestamp, signature=signature,
                                          what=what or f"copy {index + 1} of {copies}, sent at the same moment")

        threads = [threading.Thread(target=one, args=(i,), name="webhook-copy", daemon=True) for i in range(copies)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(self.timeout * 2 + 1)
        return [r for r in results if r is not None]


# The scenario `grade serve webhooks --url URL` plays ----------------------------------------


@dataclass(frozen=True)
class Step:
    what: str
    expected: int
    send: Callable[[WebhookSender], Delivery | list[Delivery]]
    answer: str = ""  # the "status" expected in a 200's JSON


def scenario(seed: int = 0) -> list[Step]:
    """Every kind of delivery, each with the status the contract expects."""
    first, second = f"evt_{seed:04d}_a", f"evt_{seed:04d}_b"
    now = lambda s: int(s.clock())  # noqa: E731
    return [
        Step("a delivery signed with the secret", 200, lambda s: s.deliver(event(first)), "processed"),
        Step("the same delivery again (a replay)", 200, lambda s: s.deliver(event(first)), "duplicate"),
        Step("the body changed after signing", 401,
             lambda s: s.deliver(body=json.dumps(event(second, amount=1)).encode(), signed_body=json.dumps(event(second)).encode())),
        Step("signed with another secret", 401, lambda s: s.deliver(event(second), secret=b"not the secret")),
        Step("signed over the body alone", 401, lambda s: s.deliver(event(second), signed_over="body")),
        Step("no signature", 401, lambda s: s.deliver(event(second), signature=OMIT)),
        Step("a timestamp 10 minutes old", 401, lambda s: s.deliver(event(second), timestamp=now(s) - 600)),
        Step("a timestamp 10 minutes ahead", 401, lambda s: s.deliver(event(second), timestamp=now(s) + 600)),
        Step("Content-Type: text/plain", 415, lambda s: s.deliver(event(second), content_type="text/plain")),
        Step("a body of 65,537 bytes", 413, lambda s: s.deliver(body=padded(second, MAX_BODY + 1))),
        Step("a chunked body of 70,000 bytes", 413, lambda s: s.deliver(body=padded(second, 70_000), chunked=True)),
        Step("signed, but not JSON", 400, lambda s: s.deliver(body=b"id=evt&type=payment")),
        Step("signed JSON without an id", 400, lambda s: s.deliver({"type": "payment.succeeded"})),
        Step("8 copies of one event at the same moment", 200, lambda s: s.deliver_together(event(second), 8)),
    ]
