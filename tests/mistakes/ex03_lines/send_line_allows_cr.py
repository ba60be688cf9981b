"""Refuses '\n' in a line but lets a '\r' through."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "check for both before sending"


def send_line(sock, text):
    if "\n" in text:
        raise ValueError("a line cannot hold '\\n'")
    sock.sendall(text.encode("utf-8") + b"\n")
