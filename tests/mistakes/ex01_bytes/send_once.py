"""Calls send() once and ignores how much it took."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "one send() may take only part of the data"


def send_text(sock, text):
    data = text.encode("utf-8")
    sock.send(data)
    return len(data)
