"""Reads through a new sock.makefile() on every call; its buffer reads ahead and is thrown away."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "a sock.makefile() made afresh in every call"


def recv_exactly(sock, n):
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")
    with sock.makefile("rb") as stream:
        data = stream.read(n)
    if len(data) < n:
        raise IncompleteReadError(data, n)  # noqa: F405
    return data
