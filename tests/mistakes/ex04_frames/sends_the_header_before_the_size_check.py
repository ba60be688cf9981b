"""Sends the header, then finds the payload too large: the peer now waits for a payload that never comes."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "a header sent before the refusal"


def send_frame(sock, payload, max_size=MAX_FRAME):  # noqa: F405
    sock.sendall(HEADER.pack(len(payload)))  # noqa: F405
    if len(payload) > max_size:
        raise FrameTooLargeError(f"{len(payload)} bytes are more than {max_size}")  # noqa: F405
    sock.sendall(payload)
