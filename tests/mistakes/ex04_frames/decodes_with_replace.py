"""Decodes with errors="replace", so a frame that is not UTF-8 goes unnoticed."""

import json

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "errors='replace' or 'ignore'"


def recv_json(sock, max_size=MAX_FRAME):  # noqa: F405
    payload = recv_frame(sock, max_size)  # noqa: F405
    if payload is None:
        return None
    try:
        return json.loads(payload.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        raise ProtocolError(str(exc)) from exc  # noqa: F405
