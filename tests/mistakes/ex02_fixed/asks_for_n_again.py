"""Loops, but asks recv() for all n bytes every time, so it can return more than n."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "not recv(n) again"


def recv_exactly(sock, n):
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")
    data = b""
    while len(data) < n:
        chunk = sock.recv(n)
        if not chunk:
            raise IncompleteReadError(data, n)  # noqa: F405
        data += chunk
    return data
