"""Reads the whole payload first and compares its length with max_size only afterwards."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "trusting the length header"


def recv_frame(sock, max_size=MAX_FRAME):  # noqa: F405
    header = _recv_up_to_(sock, 4)
    if not header:
        return None
    if len(header) < 4:
        raise IncompleteMessageError("the header was cut off", partial=header)  # noqa: F405
    (length,) = HEADER.unpack(header)  # noqa: F405
    payload = _recv_up_to_(sock, length)
    if len(payload) < length:
        raise IncompleteMessageError("the payload was cut off", partial=header + payload)  # noqa: F405
    if length > max_size:
        raise FrameTooLargeError(f"{length} bytes")  # noqa: F405
    return payload


def _recv_up_to_(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(min(n - len(data), 65536))
        if not chunk:
            break
        data += chunk
    return data
