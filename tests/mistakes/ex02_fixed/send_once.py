"""Calls send() once and ignores how much it took."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "one send() may take only part of the data"


def send_readings(sock, readings):
    records = [READING.pack(r.timestamp, r.sensor_id, round(r.celsius * 100)) for r in readings]  # noqa: F405
    sock.send(b"".join(records))
