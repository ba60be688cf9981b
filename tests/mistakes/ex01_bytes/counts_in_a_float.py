"""Adds up the bytes sent in a float, so send_text returns 25.0 where the contract says an int."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "(a float, not an int)"


def send_text(sock, text):
    data = text.encode("utf-8")
    sent = 0.0
    while sent < len(data):
        sent += sock.send(data[int(sent):])
    return sent
