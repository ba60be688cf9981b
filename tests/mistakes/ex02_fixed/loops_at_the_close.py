"""Ignores b'', so after the server closes it calls recv() forever."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "only returns b'' again, forever"


def recv_exactly(sock, n):
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")
    data = b""
    while len(data) < n:
        data += sock.recv(n - len(data))
    return data
