"""Packs and unpacks with struct.Struct("IHh"): the machine's byte order, not network order."""

import struct

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "network byte order (big-endian)"

NATIVE = struct.Struct("IHh")


def iter_readings(sock):
    while first := sock.recv(1):
        try:
            rest = recv_exactly(sock, NATIVE.size - 1)  # noqa: F405
        except IncompleteReadError as exc:  # noqa: F405
            raise IncompleteReadError(first + exc.partial, NATIVE.size) from None  # noqa: F405
        timestamp, sensor_id, hundredths = NATIVE.unpack(first + rest)
        yield Reading(timestamp, sensor_id, hundredths / 100)  # noqa: F405


def send_readings(sock, readings):
    sock.sendall(b"".join(NATIVE.pack(r.timestamp, r.sensor_id, round(r.celsius * 100)) for r in readings))
