"""Tests `id in seen`, processes, then adds the id: copies that arrive together all pass the test."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "lets copies that arrive together all pass the test"


def create_app(secret, clock=time.time, on_event=None):  # noqa: F405
    app = Flask(__name__)  # noqa: F405
    seen, processed = set(), []

    @app.post("/webhooks/payments")
    def receive():
        event, refusal = reference._event_or_refusal(secret, clock)
        if refusal is not None:
            return refusal
        if event["id"] in seen:
            return jsonify(status="duplicate")  # noqa: F405
        if on_event is not None:
            on_event(event)
        seen.add(event["id"])
        processed.append(event["id"])
        return jsonify(status="processed")  # noqa: F405

    @app.get("/webhooks/payments/events")
    def events():
        return jsonify(processed=processed)  # noqa: F405

    return app
