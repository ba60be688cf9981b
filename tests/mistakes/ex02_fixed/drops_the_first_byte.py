"""Reads a record's first byte on its own but leaves it out of the error's .partial."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "put it back in front of the rest"


def iter_readings(sock):
    while first := sock.recv(1):
        try:
            rest = recv_exactly(sock, READING.size - 1)  # noqa: F405
        except IncompleteReadError as exc:  # noqa: F405
            raise IncompleteReadError(exc.partial, READING.size) from None  # noqa: F405
        timestamp, sensor_id, hundredths = READING.unpack(first + rest)  # noqa: F405
        yield Reading(timestamp, sensor_id, hundredths / 100)  # noqa: F405
