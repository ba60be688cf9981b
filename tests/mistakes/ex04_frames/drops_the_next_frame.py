"""Reads in big chunks and throws away whatever comes after the frame: the next frame is lost."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "never take bytes of the next frame"


def recv_frame(sock, max_size=MAX_FRAME):  # noqa: F405
    data = b""
    while True:
        if len(data) >= 4:
            (length,) = HEADER.unpack(data[:4])  # noqa: F405
            if length > max_size:
                raise FrameTooLargeError(f"{length} bytes")  # noqa: F405
            if len(data) >= 4 + length:
                return data[4 : 4 + length]
        chunk = sock.recv(65536)
        if not chunk:
            if not data:
                return None
            raise IncompleteMessageError(f"closed after {len(data)} bytes", partial=data)  # noqa: F405
        data += chunk
