"""Reads and writes the temperature as unsigned ("!IHH"), so nothing below zero survives."""

import struct

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "signed 16-bit"

UNSIGNED = struct.Struct("!IHH")


def iter_readings(sock):
    while first := sock.recv(1):
        try:
            rest = recv_exactly(sock, UNSIGNED.size - 1)  # noqa: F405
        except IncompleteReadError as exc:  # noqa: F405
            raise IncompleteReadError(first + exc.partial, UNSIGNED.size) from None  # noqa: F405
        timestamp, sensor_id, hundredths = UNSIGNED.unpack(first + rest)
        yield Reading(timestamp, sensor_id, hundredths / 100)  # noqa: F405


def send_readings(sock, readings):
    sock.sendall(b"".join(UNSIGNED.pack(r.timestamp, r.sensor_id, round(r.celsius * 100)) for r in readings))
