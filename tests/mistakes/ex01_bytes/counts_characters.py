"""Returns the number of characters instead of the number of bytes."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "len(text) counts characters, not bytes"


def send_text(sock, text):
    sock.sendall(text.encode("utf-8"))
    return len(text)
