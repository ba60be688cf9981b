"""Puts only the last chunk (the b'' of the close) in the error, not every byte received."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "all the chunks, not only the last one"


def recv_exactly(sock, n):
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise IncompleteReadError(chunk, n)  # noqa: F405
        data += chunk
    return data
