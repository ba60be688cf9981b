"""Asks recv() for n bytes on every call and cuts the result down to n: the bytes past n are lost."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "does not give the rest back"


def recv_exactly(sock, n):
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")
    data = b""
    while len(data) < n:
        chunk = sock.recv(n)
        if not chunk:
            raise IncompleteReadError(data, n)  # noqa: F405
        data += chunk
    return data[:n]
