"""Reads 4096 bytes at a time and throws away whatever comes after the n it needs."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "gone from the socket"


def recv_exactly(sock, n):
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")
    data = b""
    while len(data) < n:
        chunk = sock.recv(4096)
        if not chunk:
            raise IncompleteReadError(data, n)  # noqa: F405
        data += chunk
    return data[:n]
