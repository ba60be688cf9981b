"""Compares with >= instead of >, so a payload of exactly max_size bytes is refused."""

from reference import recv_frame as whole_recv_frame
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "compare with >, not >="


def send_frame(sock, payload, max_size=MAX_FRAME):  # noqa: F405
    if len(payload) >= max_size:
        raise FrameTooLargeError(f"{len(payload)} bytes")  # noqa: F405
    sock.sendall(HEADER.pack(len(payload)) + payload)  # noqa: F405


def recv_frame(sock, max_size=MAX_FRAME):  # noqa: F405
    return whole_recv_frame(sock, max_size - 1)
