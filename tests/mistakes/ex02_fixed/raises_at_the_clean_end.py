"""Reads every record with recv_exactly() and lets its error out, even at a close between records."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "is the normal end of the stream"


def iter_readings(sock):
    while True:
        timestamp, sensor_id, hundredths = READING.unpack(recv_exactly(sock, READING.size))  # noqa: F405
        yield Reading(timestamp, sensor_id, hundredths / 100)  # noqa: F405
