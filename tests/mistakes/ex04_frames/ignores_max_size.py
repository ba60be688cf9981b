"""recv_frame never compares the length with max_size, and makes room for whatever it announces."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "trusting the length header"


def recv_frame(sock, max_size=MAX_FRAME):  # noqa: F405
    header = bytearray(4)
    if not _fill(sock, header):
        return None
    (length,) = HEADER.unpack(header)  # noqa: F405
    payload = bytearray(length)
    _fill(sock, payload)
    return bytes(payload)


def _fill(sock, buffer):
    view, got = memoryview(buffer), 0
    while got < len(buffer):
        n = sock.recv_into(view[got:])
        if n == 0:
            if got:
                raise IncompleteMessageError(f"closed after {got} of {len(buffer)} bytes")  # noqa: F405
            return 0
        got += n
    return got
