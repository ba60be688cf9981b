"""Treats a close inside a header or payload like a close between frames: returns None."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "is not a clean end"


def recv_frame(sock, max_size=MAX_FRAME):  # noqa: F405
    header = _recv_exactly(sock, 4)
    if header is None:
        return None
    (length,) = HEADER.unpack(header)  # noqa: F405
    if length > max_size:
        raise FrameTooLargeError(f"{length} bytes")  # noqa: F405
    return _recv_exactly(sock, length)


def _recv_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data
