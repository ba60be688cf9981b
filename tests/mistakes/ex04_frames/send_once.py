"""Calls send() once and ignores how much of the frame it took."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "one send() may take only part of the data"


def send_frame(sock, payload, max_size=MAX_FRAME):  # noqa: F405
    if len(payload) > max_size:
        raise FrameTooLargeError(f"{len(payload)} bytes")  # noqa: F405
    sock.send(HEADER.pack(len(payload)) + payload)  # noqa: F405
