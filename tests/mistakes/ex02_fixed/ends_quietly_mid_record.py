"""Ends the iteration at any close, so a record cut off by the close goes unnoticed."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "instead of ending quietly"


def iter_readings(sock):
    while True:
        try:
            data = recv_exactly(sock, READING.size)  # noqa: F405
        except IncompleteReadError:  # noqa: F405
            return
        timestamp, sensor_id, hundredths = READING.unpack(data)  # noqa: F405
        yield Reading(timestamp, sensor_id, hundredths / 100)  # noqa: F405
