"""Packs and unpacks the length in the machine's own byte order (little-endian on most computers)."""

import struct

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "network byte order (big-endian)"

NATIVE = struct.Struct("I")


def send_frame(sock, payload, max_size=MAX_FRAME):  # noqa: F405
    if len(payload) > max_size:
        raise FrameTooLargeError(f"{len(payload)} bytes")  # noqa: F405
    sock.sendall(NATIVE.pack(len(payload)) + payload)


def recv_frame(sock, max_size=MAX_FRAME):  # noqa: F405
    header = _recv_exactly(sock, 4)
    if header is None:
        return None
    (length,) = NATIVE.unpack(header)
    if length > max_size:
        raise FrameTooLargeError(f"{length} bytes")  # noqa: F405
    return _recv_exactly(sock, length) if length else b""


def _recv_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            if not data:
                return None
            raise IncompleteMessageError(f"closed after {len(data)} of {n} bytes")  # noqa: F405
        data += chunk
    return data
