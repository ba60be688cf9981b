"""One recv() for the header and one for the payload, as if each arrived in one piece."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "one recv() returns whatever has arrived so far"


def recv_frame(sock, max_size=MAX_FRAME):  # noqa: F405
    header = sock.recv(4)
    if not header:
        return None
    (length,) = HEADER.unpack(header)  # noqa: F405
    if length > max_size:
        raise FrameTooLargeError(f"{length} bytes")  # noqa: F405
    return sock.recv(length) if length else b""
