"""Yields what READING.unpack() returns, a plain tuple of hundredths, not a Reading."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "not the plain tuples READING.unpack() returns"


def iter_readings(sock):
    while first := sock.recv(1):
        try:
            rest = recv_exactly(sock, READING.size - 1)  # noqa: F405
        except IncompleteReadError as exc:  # noqa: F405
            raise IncompleteReadError(first + exc.partial, READING.size) from None  # noqa: F405
        yield READING.unpack(first + rest)  # noqa: F405
