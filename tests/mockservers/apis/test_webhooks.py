"""The webhook sender: signs as the contract says, sends odd deliveries for real, fires copies together."""

import hashlib
import hmac
import importlib.util
import json
import threading
import time
from pathlib import Path

import pytest
from flask import Flask, request

from mockservers.wsgi import Served
from mockservers.apis.webhooks import MAX_BODY, OMIT, WebhookSender, event, padded, scenario, sign

SECRET = b"s3cret"


def test_sign_is_hmac_sha256_of_the_timestamp_a_dot_and_the_body():
    expected = hmac.new(SECRET, b"1700000000.{}", hashlib.sha256).hexdigest()
    assert sign(SECRET, 1700000000, b"{}") == f"sha256={expected}"


def test_padded_bodies_have_the_size_asked_for():
    assert len(padded("e", MAX_BODY)) == MAX_BODY and json.loads(padded("e", 500))["id"] == "e"


@pytest.fixture
def recording_app():
    app = Flask("recording")
    app.config["seen"] = seen = []
    lock = threading.Lock()

    @app.post("/hook")
    def hook():
        with lock:
            seen.append((dict(request.headers), request.get_data(), time.monotonic()))
        return {"ok": True}

    with Served(app) as served:
        yield served.url + "/hook", seen


def test_a_delivery_carries_the_headers_and_the_body(recording_app):
    url, seen = recording_app
    sender = WebhookSender(url, SECRET, clock=lambda: 1700000000.5)
    delivery = sender.deliver(event("evt_1"), what="signed")
    headers, body, _ = seen[0]
    assert delivery.status == 200 and delivery.json() == {"ok": True}
    assert headers["X-Webhook-Timestamp"] == "1700000000"
    assert headers["X-Webhook-Signature"] == sign(SECRET, 1700000000, body)
    assert headers["Content-Type"] == "application/json" and json.loads(body) == event("evt_1")


def test_odd_deliveries_are_sent_as_asked(recording_app):
    url, seen = recording_app
    sender = WebhookSender(url, SECRET, clock=lambda: 1700000000)
    sender.deliver(event("e"), signature=OMIT, timestamp=OMIT, content_type=OMIT)
    sender.deliver(body=b"x" * 70_000, chunked=True)
    sender.deliver(event("e"), signed_over="body")
    bare, chunked, body_only = seen
    assert not {"X-Webhook-Signature", "X-Webhook-Timestamp", "Content-Type"} & set(bare[0])
    assert chunked[0].get("Transfer-Encoding") == "chunked" and "Content-Length" not in chunked[0]
    assert chunked[1] == b"x" * 70_000
    assert body_only[0]["X-Webhook-Signature"] == "sha256=" + hmac.new(SECRET, body_only[1], hashlib.sha256).hexdigest()


def test_copies_are_fired_together(recording_app):
    url, seen = recording_app
    deliveries = WebhookSender(url, SECRET).deliver_together(event("e"), copies=6)
    arrivals = [at for _, _, at in seen]
    assert len(deliveries) == 6 and all(d.status == 200 for d in deliveries)
    assert max(arrivals) - min(arrivals) < 0.5


def test_no_answer_and_no_listener_are_told():
    def stalled(environ, start_response):
        time.sleep(0.5)
        start_response("200 OK", [("Content-Length", "0")])
        return [b""]

    with Served(stalled) as served:
        slow = WebhookSender(served.url + "/hook", SECRET, timeout=0.1).deliver(event("e"))
    assert slow.status is None and "no answer within 0.1 s" in slow.error
    refused = WebhookSender(served.url + "/hook", SECRET).deliver(event("e"))
    assert refused.status is None and "refused" in refused.error


def test_the_scenario_gets_the_expected_answers_from_the_reference_app():
    path = Path(__file__).resolve().parents[3] / "solutions" / "ex13_webhooks.py"
    spec = importlib.util.spec_from_file_location("reference_webhooks", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with Served(module.create_app(SECRET)) as served:
        sender = WebhookSender(served.url + "/webhooks/payments", SECRET)
        for step in scenario(seed=3):
            outcome = step.send(sender)
            answers = outcome if isinstance(outcome, list) else [outcome]
            assert all(a.status == step.expected for a in answers), step.what
            said = sorted(a.json()["status"] for a in answers) if step.expected == 200 else []
            if step.answer:
                assert said == [step.answer], step.what
            elif len(answers) > 1:
                assert said == ["duplicate"] * (len(answers) - 1) + ["processed"], step.what
