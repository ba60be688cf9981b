"""Checks for exercise-13 · Receiving webhooks (ex13_webhooks).

The learner's app, made by create_app with a secret, a clock of the kit's and an on_event of
the kit's, is served on a real loopback port by werkzeug (threaded, as `flask run` serves it;
never through app.test_client()), and the kit's webhook sender (mockservers/apis/webhooks.py)
delivers events to it over HTTP: signed ones, and replays, bodies changed after signing,
stale and future timestamps, wrong content types, bodies over the limit (chunked too), and
copies of one event at the same moment while on_event is slow. The checks judge the app's
answers and the events it passed to on_event; every failure tells the deliveries and answers.

One check looks at how, not what: whether the signature is compared with hmac.compare_digest
(constant time). No answer can show it, so the kit counts that function's calls from the
learner's files (grader/harness/fakes.py, CompareDigestCalls).
"""

import hashlib
import hmac
import json
import time

from grader.harness.checking import call
from grader.harness.fakes import VirtualClock
from grader.harness.learners import is_instance
from grader.harness.http_story import times
from grader.harness.show import show
from mockservers.apis.webhooks import MAX_BODY, OMIT, event, padded

SECRET = b"whsec_7d1f0c9a_netlings"
EVENTS = "/webhooks/payments/events"

SIGNATURE_HINT = (
    "compute hmac.new(secret, f'{timestamp}.'.encode() + body, hashlib.sha256).hexdigest() over the raw body "
    "(request.get_data()) with the X-Webhook-Timestamp as sent, and compare it with the hex after 'sha256=' "
    "using hmac.compare_digest; refuse with 401 when they differ, a header is missing, or the timestamp is not "
    "a whole number of seconds (test timestamp.isdigit() before int(timestamp))"
)
ORDER_HINT = (
    "check in the contract's order and answer the first that fails: size (413), content type (415), signature "
    "and timestamp (401), then the JSON (400); parse nothing before the signature is verified"
)
ONCE_HINT = (
    "werkzeug answers each delivery in its own thread: under one lock, check whether the id was processed and "
    "mark it in the same step, then call on_event; `if id not in seen: on_event(...); seen.add(id)` lets copies "
    "that arrive together all pass the test"
)


def receiver(impl, check, webhooks, *, clock=None, slow: float = 0.0, on_event=True):
    """Serve an app made by create_app; return a sender pointed at it, and the kit's on_event."""
    clock = clock or VirtualClock(int(time.time()))
    recorder = webhooks.recorder(slow) if on_event else None
    app = check.run(call(impl.create_app, SECRET, clock=clock, on_event=recorder), expected="a Flask app", hint="")

    check.expect(is_instance(app, "flask", "Flask"), got=f"create_app(...) returned {show(app)}", expected="a flask.Flask app",
                 hint="build the app inside create_app: app = Flask(__name__), add the routes, return app")
    url = webhooks.serve(app)
    return webhooks.sender(url + "/webhooks/payments", SECRET, clock), recorder


def expect_answer(check, delivery, status: int, answer: str | None = None, *, hint: str):
    """The app answered `delivery` with `status` (and, for a 200, {"status": answer})."""
    body = delivery.json()
    said = body.get("status") if isinstance(body, dict) else None
    ok = delivery.status == status and (answer is None or said == answer)
    got = f"nothing ({delivery.error})" if delivery.status is None else f"{delivery.status}" + (f" {show(body)}" if body is not None else "")
    wanted = f"{status}" + (f' {{"status": "{answer}"}}' if answer else "")
    check.expect(ok, got=f"your app answered delivery {delivery.number} ({delivery.what}) with {got}",
                 expected=wanted, hint=hint)


def expect_events(check, recorder, ids: list, hint: str):
    got = recorder.ids
    check.expect(got == ids, got=f"your app called on_event with the events {got}",
                 expected=f"the events {ids}" if ids else "no call of on_event", hint=hint)


def test_a_signed_delivery_is_processed(impl, check, webhooks):
    """a signed delivery is answered 200 {"status": "processed"} and passed to on_event"""
    sender, recorder = receiver(impl, check, webhooks)
    payload = event("evt_1")
    expect_answer(check, sender.deliver(payload, what="signed with the secret"), 200, "processed", hint=SIGNATURE_HINT)
    check.expect(recorder.events == [payload], got=f"on_event was called with {show(recorder.events)}",
                 expected=f"one call, with the event as sent: {show(payload)}",
                 hint="call on_event(event) once, with the event decoded from the body (json.loads(body))")


def test_an_upper_case_signature_is_accepted(impl, check, webhooks):
    """a signature in upper-case hex is accepted"""
    sender, _ = receiver(impl, check, webhooks)
    body = json.dumps(event("evt_1")).encode()
    stamp = int(sender.clock())
    digest = hmac.new(SECRET, f"{stamp}.".encode() + body, hashlib.sha256).hexdigest().upper()
    delivery = sender.deliver(body=body, timestamp=stamp, signature=f"sha256={digest}", what="signed, hex in upper case")
    expect_answer(check, delivery, 200, "processed",
                  hint="hex is case-insensitive: compare hexdigest() with the given hex lower-cased (.lower())")


def test_a_replay_is_a_duplicate(impl, check, webhooks):
    """the same event delivered again is answered {"status": "duplicate"} and not processed again"""
    sender, recorder = receiver(impl, check, webhooks)
    hint = "remember the ids processed; an id seen before is answered 200 {'status': 'duplicate'} without calling on_event"
    expect_answer(check, sender.deliver(event("evt_1"), what="signed"), 200, "processed", hint=hint)
    expect_answer(check, sender.deliver(event("evt_1"), what="the same delivery again"), 200, "duplicate", hint=hint)
    expect_answer(check, sender.deliver(event("evt_1", amount=1), what="another body with the same id"), 200, "duplicate",
                  hint=hint + " (an event is known by its id, whatever its body)")
    expect_events(check, recorder, ["evt_1"], hint)


def test_events_lists_the_ids_in_processing_order(impl, check, webhooks):
    """GET /webhooks/payments/events lists the processed ids in processing order"""
    sender, _ = receiver(impl, check, webhooks)
    for event_id in ("evt_b", "evt_a", "evt_c", "evt_a"):
        sender.deliver(event(event_id), what="signed")
    listing = sender.get(EVENTS, what="the list of processed events")
    check.expect(
        listing.status == 200 and listing.json() == {"processed": ["evt_b", "evt_a", "evt_c"]},
        got=f"GET {EVENTS} was answered {listing.status} {show(listing.response_body)}",
        expected='200 {"processed": ["evt_b", "evt_a", "evt_c"]}',
        hint="keep a list of the ids in the order they were processed (duplicates not again) and answer "
        "jsonify(processed=ids)",
    )


def test_a_wrong_or_missing_signature_is_refused(impl, check, webhooks):
    """a body changed after signing, another secret, the body alone signed, a bad timestamp, no signature: 401"""
    sender, recorder = receiver(impl, check, webhooks)
    original = json.dumps(event("evt_7")).encode()
    stamp = int(sender.clock())
    deliveries = [
        lambda: sender.deliver(body=json.dumps(event("evt_7", amount=1)).encode(), signed_body=original,
                               what="the body changed after signing"),
        lambda: sender.deliver(event("evt_7"), secret=b"not the secret", what="signed with another secret"),
        lambda: sender.deliver(event("evt_7"), signed_over="body", what="signed over the body alone, without the timestamp"),
        lambda: sender.deliver(body=original, timestamp=stamp + 5, signature=_signature(stamp, original),
                               what="a signature of another timestamp"),
        lambda: sender.deliver(body=original, timestamp="soon", signature=_signature("soon", original),
                               what="a timestamp that is not a number (signed as it is)"),
        lambda: sender.deliver(event("evt_7"), signature=OMIT, what="without X-Webhook-Signature"),
        lambda: sender.deliver(event("evt_7"), timestamp=OMIT, what="without X-Webhook-Timestamp"),
    ]
    for deliver in deliveries:
        expect_answer(check, deliver(), 401, hint=SIGNATURE_HINT)
    expect_events(check, recorder, [], "a delivery whose signature is wrong must not be processed")


def _signature(timestamp, body: bytes) -> str:
    return "sha256=" + hmac.new(SECRET, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def test_a_signature_that_is_not_hex_is_refused(impl, check, webhooks):
    """a signature that is not even hex (or not ASCII) is refused with 401, not an error"""
    sender, _ = receiver(impl, check, webhooks)
    for signature, what in (("sha256=" + "zz" * 32, "a signature of 'z's"), ("sha256=" + "é" * 64, "a signature of 'é's"),
                            ("sha256", "'sha256' and nothing after it")):
        expect_answer(check, sender.deliver(event("evt_8"), signature=signature, what=what), 401,
                      hint="a signature that is not hex is simply wrong: compare bytes, "
                      "hmac.compare_digest(expected.encode(), given.encode()) (compare_digest on str raises TypeError for "
                      "non-ASCII text, and bytes.fromhex() raises ValueError); answer 401, never 500")


def test_signatures_are_compared_in_constant_time(impl, check, webhooks):
    """the signature is compared in constant time, with hmac.compare_digest"""
    sender, _ = receiver(impl, check, webhooks)
    before = impl.helpers.compare_digest_calls()
    delivery = sender.deliver(event("evt_5"), signature="sha256=" + "0" * 64, what="a wrong signature")
    expect_answer(check, delivery, 401, hint=SIGNATURE_HINT)
    check.expect(
        impl.helpers.compare_digest_calls() > before,
        got="your app refused the wrong signature without calling hmac.compare_digest (nor secrets.compare_digest)",
        expected="the signatures compared with hmac.compare_digest",
        hint="`==` stops at the first character that differs, so how long it takes tells an attacker how much of a "
        "forged signature is right, one character at a time; hmac.compare_digest(expected, given) takes the same "
        "time whatever the inputs",
    )


def test_a_stale_or_future_timestamp_is_refused(impl, check, webhooks):
    """a timestamp more than 300 s from the clock, past or future, is refused with 401; 300 s is accepted"""
    sender, recorder = receiver(impl, check, webhooks)
    now = int(sender.clock())
    hint = ("refuse a timestamp more than 300 s away from clock(), in the past or the future: "
            "abs(clock() - int(timestamp)) > 300 is too far; exactly 300 is fine")
    for offset, status in ((-301, 401), (301, 401), (-300, 200), (300, 200)):
        delivery = sender.deliver(event(f"evt_{offset}"), timestamp=now + offset,
                                  what=f"signed, with a timestamp {abs(offset)} s {'ahead' if offset > 0 else 'old'}")
        expect_answer(check, delivery, status, "processed" if status == 200 else None, hint=hint)
    expect_events(check, recorder, ["evt_-300", "evt_300"], hint)


def test_the_timestamp_is_checked_against_the_given_clock(impl, check, webhooks):
    """the timestamp is compared with the clock given to create_app, not the computer's"""
    sender, _ = receiver(impl, check, webhooks, clock=VirtualClock(1_000_000_000))
    check.setup.append("create_app was given a clock that says 1,000,000,000 (September 2001)")
    expect_answer(check, sender.deliver(event("evt_1"), what="signed, with the timestamp 1000000000"), 200, "processed",
                  hint="call the clock you were given, clock(), instead of time.time(): tests (and replays of old "
                  "traffic) run on a clock of their own")


def test_a_body_over_64_kib_is_refused_first(impl, check, webhooks):
    """a body over 65,536 bytes is refused with 413, before its content type or signature; 65,536 is accepted"""
    sender, recorder = receiver(impl, check, webhooks)
    hint = ("compare request.content_length with 65,536 before anything else, and answer 413; a body of exactly "
            "65,536 bytes is allowed")
    expect_answer(check, sender.deliver(body=padded("evt_big", MAX_BODY + 1), what="65,537 bytes, signed"), 413, hint=hint)
    expect_answer(check, sender.deliver(body=padded("evt_big", MAX_BODY + 1), content_type="text/plain", signature=OMIT,
                                        what="65,537 bytes, as text/plain and unsigned"), 413, hint=ORDER_HINT)
    expect_answer(check, sender.deliver(body=padded("evt_max", MAX_BODY), what="exactly 65,536 bytes, signed"), 200,
                  "processed", hint=hint)
    expect_events(check, recorder, ["evt_max"], hint)


def test_a_chunked_body_over_64_kib_is_refused(impl, check, webhooks):
    """a chunked body (no Content-Length) over 65,536 bytes is refused with 413; a small one is processed"""
    sender, recorder = receiver(impl, check, webhooks)
    hint = ("a chunked request has no Content-Length (request.content_length is None): read at most 65,537 bytes "
            "(request.stream.read(65_537)) and answer 413 if you got more than 65,536. Flask's MAX_CONTENT_LENGTH "
            "alone is not enough: werkzeug cuts a chunked body off at the limit instead of refusing it")
    expect_answer(check, sender.deliver(body=padded("evt_big", 70_000), chunked=True, what="70,000 bytes, chunked, signed"),
                  413, hint=hint)
    expect_answer(check, sender.deliver(body=padded("evt_big", 70_000), chunked=True, signature=OMIT,
                                        what="70,000 bytes, chunked, unsigned"), 413, hint=ORDER_HINT)
    expect_answer(check, sender.deliver(event("evt_small"), chunked=True, what="a small event, chunked, signed"), 200,
                  "processed", hint=hint)
    expect_events(check, recorder, ["evt_small"], hint)


def test_a_content_type_that_is_not_json_is_refused(impl, check, webhooks):
    """a content type that is not JSON is refused with 415, before the signature; charset=utf-8 is fine"""
    sender, recorder = receiver(impl, check, webhooks)
    hint = "answer 415 unless request.is_json (application/json, parameters allowed), before checking the signature"
    for content_type, signature in (("text/plain", None), ("application/x-www-form-urlencoded", None), (OMIT, None),
                                    ("text/plain", OMIT)):
        shown = "no Content-Type" if content_type is OMIT else f"Content-Type: {content_type}"
        what = f"{shown}, {'unsigned' if signature is OMIT else 'signed'}"
        expect_answer(check, sender.deliver(event("evt_t"), content_type=content_type, signature=signature, what=what),
                      415, hint=hint if signature is None else ORDER_HINT)
    expect_answer(check, sender.deliver(event("evt_t"), content_type="application/json; charset=utf-8",
                                        what="Content-Type: application/json; charset=utf-8, signed"), 200, "processed",
                  hint=hint)
    expect_events(check, recorder, ["evt_t"], hint)


def test_the_signature_is_checked_before_the_json(impl, check, webhooks):
    """a body that is not JSON is refused with 401 when unsigned, and 400 only when signed"""
    sender, _ = receiver(impl, check, webhooks)
    expect_answer(check, sender.deliver(body=b"id=evt&type=payment", signature="sha256=" + "0" * 64,
                                        what="not JSON, with a wrong signature"), 401, hint=ORDER_HINT)
    expect_answer(check, sender.deliver(body=b"id=evt&type=payment", what="not JSON, signed"), 400, hint=ORDER_HINT)


def test_an_event_without_a_string_id_and_type_is_refused(impl, check, webhooks):
    """a signed body that is not an event with a string id and type is refused with 400"""
    sender, recorder = receiver(impl, check, webhooks)
    hint = ("after the signature, decode the body (json.loads, which raises ValueError for bytes that are not JSON or "
            "not UTF-8) and check isinstance(event, dict) and a str id and type; answer 400 otherwise")
    for body, what in ((b'{"type": "payment.succeeded"}', "no id"), (b'{"id": 7, "type": "payment.succeeded"}', "an int id"),
                       (b'{"id": "evt_1", "type": null}', "a null type"), (b'["evt_1"]', "a list"),
                       (b'{"id": "evt_\xff"}', "bytes that are not UTF-8")):
        expect_answer(check, sender.deliver(body=body, what=f"signed, {what}"), 400, hint=hint)
    expect_events(check, recorder, [], hint)


def test_a_refused_delivery_marks_nothing(impl, check, webhooks):
    """a refused delivery of an event does not make its genuine delivery a duplicate"""
    sender, recorder = receiver(impl, check, webhooks)
    hint = "mark an id as processed only after every check has passed: a forged delivery must not block the real one"
    original = json.dumps(event("evt_9")).encode()
    expect_answer(check, sender.deliver(body=json.dumps(event("evt_9", amount=1)).encode(), signed_body=original,
                                        what="evt_9, changed after signing"), 401, hint=SIGNATURE_HINT)
    expect_answer(check, sender.deliver(body=original, what="evt_9 as signed"), 200, "processed", hint=hint)
    expect_events(check, recorder, ["evt_9"], hint)


def test_copies_delivered_at_the_same_moment_are_processed_once(impl, check, webhooks):
    """8 copies of one event delivered at the same moment, on_event slow: processed once, 7 duplicates"""
    sender, recorder = receiver(impl, check, webhooks, slow=0.15)
    check.setup.append("on_event takes 0.15 s for each event")
    deliveries = sender.deliver_together(event("evt_42"), copies=8)
    answers = sorted((d.status, (d.json() or {}).get("status") if isinstance(d.json(), dict) else None) for d in deliveries)
    expected = sorted([(200, "processed")] + [(200, "duplicate")] * 7)
    check.expect(
        answers == expected and len(recorder.ids) == 1,
        got=f"your app answered {_counted(answers)} and called on_event {times(len(recorder.ids))}",
        expected='200 {"status": "processed"} once and 200 {"status": "duplicate"} 7 times, on_event called once',
        hint=ONCE_HINT,
    )


def _counted(answers) -> str:
    counts: dict = {}
    for answer in answers:
        counts[answer] = counts.get(answer, 0) + 1
    return ", ".join(f"{status} {said!r} {times(n)}" if said else f"{status} {times(n)}" for (status, said), n in counts.items())


def test_each_app_has_its_own_record(impl, check, webhooks):
    """each app made by create_app starts with no events processed"""
    hint = ("keep the processed ids and the lock inside create_app (a list made there), not at module level, where "
            "every app would share them")
    first, _ = receiver(impl, check, webhooks)
    expect_answer(check, first.deliver(event("evt_own_1"), what="to the first app"), 200, "processed", hint=hint)
    second, _ = receiver(impl, check, webhooks)
    expect_answer(check, second.deliver(event("evt_own_1"), what="to a second app, made by another create_app()"), 200,
                  "processed", hint=hint)


def test_an_app_without_on_event_still_processes(impl, check, webhooks):
    """an app made without on_event processes events and lists them"""
    sender, _ = receiver(impl, check, webhooks, on_event=False)
    hint = "on_event is optional: call it only when it is not None, and record the event either way"
    expect_answer(check, sender.deliver(event("evt_1"), what="signed"), 200, "processed", hint=hint)
    listing = sender.get(EVENTS, what="the list of processed events")
    check.expect(listing.json() == {"processed": ["evt_1"]},
                 got=f"GET {EVENTS} was answered {listing.status} {show(listing.response_body)}",
                 expected='200 {"processed": ["evt_1"]}', hint=hint)
