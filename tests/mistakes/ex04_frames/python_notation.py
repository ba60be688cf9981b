"""Sends str(obj), Python's notation, instead of JSON."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "str(obj) writes Python's notation"


def send_json(sock, obj):
    send_frame(sock, str(obj).encode("utf-8"))  # noqa: F405
