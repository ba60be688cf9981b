"""Exercise 13 · Receiving webhooks

A payment provider tells your service about payments by calling it: an HTTP POST to your
webhook URL for every event. The URL is public, so anyone can call it. Only the provider
knows the shared secret, so it signs each delivery, and you check the signature before
believing a word. An attacker who recorded a genuine delivery could send it again (a replay),
so the signature covers a timestamp too, and old deliveries are refused. And providers
deliver *at least once*: after a timeout they send the same event again, sometimes while the
first delivery is still being processed, so each event must be processed exactly once.

Write `create_app(secret, clock=time.time, on_event=None) -> flask.Flask`, an app with:

- `POST /webhooks/payments`, a delivery: a JSON event such as
  `{"id": "evt_1", "type": "payment.succeeded", "data": {...}}`, with the headers
  `X-Webhook-Timestamp: 1700000000` (unix seconds) and
  `X-Webhook-Signature: sha256=<hex>`, where hex is HMAC-SHA256 of
  `f"{timestamp}.".encode() + body` with `secret` (bytes), in lower or upper case. Check, in
  this order, and answer the first that fails:
  1. a body over 64 KiB (65,536 bytes): 413; also when it comes without a Content-Length
     (a chunked request): read at most 65,537 bytes of it to know (`request.stream.read(n)`);
  2. a content type that is not JSON (`request.is_json`): 415;
  3. a missing or wrong signature, or a timestamp more than 300 s away from `clock()` (in the
     past or the future): 401. Compare signatures with `hmac.compare_digest` (on bytes; or
     `secrets.compare_digest`, the same function), never with `==`, which tells an attacker
     by its timing how much of a guess was right (the checks cannot time it, so they watch
     for the call); a signature that is not even hex is wrong, not an error;
  4. a body that is not JSON, or an event without a string `id` and a string `type`: 400.
  Otherwise call `on_event(event)` (when given) and answer 200 `{"status": "processed"}`, or
  200 `{"status": "duplicate"}` without calling it when an event with that `id` was processed
  before. Each event is processed once, also when several deliveries of it arrive at the same
  moment and `on_event` is slow: mark the id under a lock *before* processing, not after.
- `GET /webhooks/payments/events`: `{"processed": [the ids, in processing order]}`.

Only what passes every check counts: a refused delivery marks nothing. Each app made by
`create_app` has its own record of events (keep it inside `create_app`, not in the module).

Unspecified: fractional timestamps, the case of the `sha256=` prefix, and what happens when
`on_event` raises (the solution answers 500 and forgets the id, so the provider's retry is
processed).

Example, with the Flask test client (the checks serve your app on a real port instead):

    >>> app = create_app(b"whsec_demo", clock=lambda: 1_700_000_000)
    >>> body = b'{"id": "evt_1", "type": "payment.succeeded"}'
    >>> digest = hmac.new(b"whsec_demo", b"1700000000." + body, hashlib.sha256).hexdigest()
    >>> headers = {"X-Webhook-Timestamp": "1700000000", "X-Webhook-Signature": f"sha256={digest}"}
    >>> app.test_client().post("/webhooks/payments", data=body, headers=headers,
    ...                        content_type="application/json").get_json()
    {'status': 'processed'}

`grade serve webhooks --url http://127.0.0.1:5000/webhooks/payments` sends your running app
every kind of delivery and says what it answered.

Check your work with `grade exercise-13`; stuck? `grade hint exercise-13`.
"""

import hashlib
import hmac
import json
import threading
import time

from flask import Flask, jsonify, request

MAX_BODY = 65_536
TOLERANCE = 300  # seconds a timestamp may be away from the clock


def create_app(secret: bytes, clock=time.time, on_event=None) -> Flask:
    """A Flask app that receives signed payment webhooks, each event processed once."""
    raise NotImplementedError('create_app() is not written yet: write it in exercises/ex13_webhooks.py')
