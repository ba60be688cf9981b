"""Never looks for b'' from recv(), so a close inside a frame makes it loop forever."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "a loop that ignores b'' never ends"


def recv_frame(sock, max_size=MAX_FRAME):  # noqa: F405
    header = sock.recv(4)
    if not header:
        return None
    while len(header) < 4:
        header += sock.recv(4 - len(header))
    (length,) = HEADER.unpack(header)  # noqa: F405
    if length > max_size:
        raise FrameTooLargeError(f"{length} bytes")  # noqa: F405
    payload = b""
    while len(payload) < length:
        payload += sock.recv(length - len(payload))
    return payload
