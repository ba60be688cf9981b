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
        body = reference._body_within_limit()
        if body is None:
            return reference._refuse(413, "too large")
        if not request.is_json:  # noqa: F405
            return reference._refuse(415, "not JSON")
        if not reference._signed(secret, request.headers, body, clock()):  # noqa: F405
            return reference._refuse(401, "bad signature")
        try:
            event = json.loads(body)  # noqa: F405
        except ValueError:
            return reference._refuse(400, "not JSON")
        if not (isinstance(event, dict) and isinstance(event.get("id"), str) and isinstance(event.get("type"), str)):
            return reference._refuse(400, "not an event")
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
