"""One recv(8) per record, as if a record always arrived whole."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "not with one recv()"


def iter_readings(sock):
    while data := sock.recv(READING.size):  # noqa: F405
        timestamp, sensor_id, hundredths = READING.unpack(data)  # noqa: F405
        yield Reading(timestamp, sensor_id, hundredths / 100)  # noqa: F405
