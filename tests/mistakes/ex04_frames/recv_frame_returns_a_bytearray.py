"""Reads the payload into a bytearray and returns that, where the contract says bytes."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "(a bytearray, not bytes)"


def _exactly(sock, n, what):
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            if not data and what == "header":
                return None
            raise IncompleteMessageError(f"the peer closed inside a {what}", bytes(data))  # noqa: F405
        data += chunk
    return data


def recv_frame(sock, max_size=MAX_FRAME):  # noqa: F405
    header = _exactly(sock, HEADER.size, "header")  # noqa: F405
    if header is None:
        return None
    (length,) = HEADER.unpack(header)  # noqa: F405
    if length > max_size:
        raise FrameTooLargeError(f"{length} bytes are more than {max_size}")  # noqa: F405
    return _exactly(sock, length, "payload")
