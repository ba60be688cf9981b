"""One recv(4096) per record: decodes the first record of each chunk and drops the rest."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "one recv() can hold several records"


def iter_readings(sock):
    while data := sock.recv(4096):
        timestamp, sensor_id, hundredths = READING.unpack(data[: READING.size])  # noqa: F405
        yield Reading(timestamp, sensor_id, hundredths / 100)  # noqa: F405
