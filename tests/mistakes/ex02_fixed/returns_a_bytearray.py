"""Collects the bytes in a bytearray and returns it as it is, where the contract says bytes."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "(a bytearray, not bytes)"


def recv_exactly(sock, n):
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise IncompleteReadError(bytes(data), n)  # noqa: F405
        data += chunk
    return data
