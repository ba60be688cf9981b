"""Sends nothing at all for an empty payload, as if there were no message to send."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "an empty payload is a frame too"


def send_frame(sock, payload, max_size=MAX_FRAME):  # noqa: F405
    if len(payload) > max_size:
        raise FrameTooLargeError(f"{len(payload)} bytes")  # noqa: F405
    if payload:
        sock.sendall(HEADER.pack(len(payload)) + payload)  # noqa: F405
