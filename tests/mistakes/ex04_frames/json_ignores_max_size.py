"""recv_json calls recv_frame() without passing max_size on."""

import json

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "pass max_size on"


def recv_json(sock, max_size=MAX_FRAME):  # noqa: F405
    payload = recv_frame(sock)  # noqa: F405
    if payload is None:
        return None
    try:
        return json.loads(payload.decode("utf-8"))
    except ValueError as exc:
        raise ProtocolError(str(exc)) from exc  # noqa: F405
