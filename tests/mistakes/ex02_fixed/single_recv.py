"""One recv(n) call, as if recv(n) always returned n bytes."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "recv(n) returns at most n bytes"


def recv_exactly(sock, n):
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")
    if n == 0:
        return b""
    data = sock.recv(n)
    if not data:
        raise IncompleteReadError(b"", n)  # noqa: F405
    return data
