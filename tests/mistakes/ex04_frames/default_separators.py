"""json.dumps() with its default separators: a space after every ',' and ':'."""

import json

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "the default separators put a space"


def send_json(sock, obj):
    send_frame(sock, json.dumps(obj).encode("utf-8"))  # noqa: F405
