"""Reads the whole stream until the close, then decodes the records: nothing comes while the sensor stays connected."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "yield each reading as soon as its 8 bytes have arrived"


def iter_readings(sock):
    data = bytearray()
    while chunk := sock.recv(65536):
        data += chunk
    whole = len(data) - len(data) % READING.size  # noqa: F405
    for start in range(0, whole, READING.size):  # noqa: F405
        timestamp, sensor_id, hundredths = READING.unpack(data[start : start + READING.size])  # noqa: F405
        yield Reading(timestamp, sensor_id, hundredths / 100)  # noqa: F405
    if whole < len(data):
        raise IncompleteReadError(bytes(data[whole:]), READING.size)  # noqa: F405
