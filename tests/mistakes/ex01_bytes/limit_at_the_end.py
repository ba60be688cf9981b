"""Checks the size limit only after the peer closed, so a peer that never closes fills memory."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "raise as soon as more than limit bytes"


def recv_text(sock, limit=1_048_576):
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    data = b"".join(chunks)
    if len(data) > limit:
        raise MessageTooLargeError(f"more than {limit} bytes")  # noqa: F405
    return data.decode("utf-8")
