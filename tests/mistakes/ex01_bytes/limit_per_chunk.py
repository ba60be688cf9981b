"""Compares each chunk with the limit instead of the total so far."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "count the bytes of every chunk together"


def recv_text(sock, limit=1_048_576):
    chunks = []
    while chunk := sock.recv(65536):
        if len(chunk) > limit:
            raise MessageTooLargeError(f"more than {limit} bytes")  # noqa: F405
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8")
