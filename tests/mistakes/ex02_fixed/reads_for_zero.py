"""Calls recv() before looking at n, so recv(0) returns b'' and n == 0 looks like a close."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "without calling recv()"


def recv_exactly(sock, n):
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")
    data = b""
    while True:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise IncompleteReadError(data, n)  # noqa: F405
        data += chunk
        if len(data) == n:
            return data
