"""One recv() call, as if a message always arrived in one piece."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "one recv() returns whatever has arrived so far"


def recv_text(sock, limit=1_048_576):
    data = sock.recv(limit + 1)
    if len(data) > limit:
        raise MessageTooLargeError(f"more than {limit} bytes")  # noqa: F405
    return data.decode("utf-8")
