"""Treats a close before n bytes as the end and returns the bytes it has."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "Before n bytes that is an error"


def recv_exactly(sock, n):
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data
