"""Marks the event's id as seen as soon as it is read, before checking the signature."""

import json

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "mark an id as processed only after every check has passed"


def create_app(secret, clock=time.time, on_event=None):  # noqa: F405
    app = Flask(__name__)  # noqa: F405
    lock, seen, processed = threading.Lock(), set(), []  # noqa: F405

    @app.post("/webhooks/payments")
    def receive():
        body = reference._body_within_limit()
        if body is None:
            return reference._refuse(413, "too large")
        if not request.is_json:  # noqa: F405
            return reference._refuse(415, "not JSON")
        try:
            event_id = json.loads(body).get("id")
        except (ValueError, AttributeError):
            event_id = None
        with lock:
            duplicate = event_id in seen
            seen.add(event_id)
        if not reference._signed(secret, request.headers, body, clock()):  # noqa: F405
            return reference._refuse(401, "bad signature")
        event = json.loads(body)
        if not (isinstance(event, dict) and isinstance(event.get("id"), str) and isinstance(event.get("type"), str)):
            return reference._refuse(400, "not an event")
        if duplicate:
            return jsonify(status="duplicate")  # noqa: F405
        processed.append(event_id)
        if on_event is not None:
            on_event(event)
        return jsonify(status="processed")  # noqa: F405

    @app.get("/webhooks/payments/events")
    def events():
        return jsonify(processed=processed)  # noqa: F405

    return app
