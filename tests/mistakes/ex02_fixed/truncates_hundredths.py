"""Turns celsius into hundredths with int(), which cuts 28.999999999999996 down to 28."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "which int() cuts to 28"


def send_readings(sock, readings):
    records = [READING.pack(r.timestamp, r.sensor_id, int(r.celsius * 100)) for r in readings]  # noqa: F405
    sock.sendall(b"".join(records))
