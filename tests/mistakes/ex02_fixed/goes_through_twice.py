"""Goes through the readings twice (to count, then to send): a generator is empty the second time."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "a generator can be gone through only once"


def send_readings(sock, readings):
    if not any(True for _ in readings):
        return
    records = [READING.pack(r.timestamp, r.sensor_id, round(r.celsius * 100)) for r in readings]  # noqa: F405
    sock.sendall(b"".join(records))
