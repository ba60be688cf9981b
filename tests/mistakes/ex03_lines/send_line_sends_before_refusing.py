"""Sends the line first and only then looks for line breaks in it."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "raising cannot take them back"


def send_line(sock, text):
    sock.sendall(text.encode("utf-8") + b"\n")
    if "\n" in text or "\r" in text:
        raise ValueError("a line cannot hold '\\n' or '\\r'")
