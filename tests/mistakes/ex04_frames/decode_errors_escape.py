"""Lets UnicodeDecodeError and json.JSONDecodeError escape instead of raising ProtocolError."""

import json

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "do not let json.JSONDecodeError escape"


def recv_json(sock, max_size=MAX_FRAME):  # noqa: F405
    payload = recv_frame(sock, max_size)  # noqa: F405
    return None if payload is None else json.loads(payload.decode("utf-8"))
