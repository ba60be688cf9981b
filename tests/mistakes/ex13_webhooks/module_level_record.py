"""Keeps the processed ids in the module, so every app made by create_app shares one record."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "keep the processed ids and the lock inside create_app"

SEEN = set()


def create_app(secret, clock=time.time, on_event=None):  # noqa: F405
    app = Flask(__name__)  # noqa: F405
    lock = threading.Lock()  # noqa: F405

    @app.post("/webhooks/payments")
    def receive():
        event, refusal = reference._event_or_refusal(secret, clock)
        if refusal is not None:
            return refusal
        with lock:
            if event["id"] in SEEN:
                return jsonify(status="duplicate")  # noqa: F405
            SEEN.add(event["id"])
        if on_event is not None:
            on_event(event)
        return jsonify(status="processed")  # noqa: F405

    @app.get("/webhooks/payments/events")
    def events():
        return jsonify(processed=sorted(SEEN))  # noqa: F405

    return app
