"""Hands recv_frame()'s None at a clean close to json.loads()."""

import json

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "which raises TypeError for None"


def recv_json(sock, max_size=MAX_FRAME):  # noqa: F405
    payload = recv_frame(sock, max_size)  # noqa: F405
    try:
        return json.loads(payload)
    except ValueError as exc:
        raise ProtocolError(str(exc)) from exc  # noqa: F405
