"""Decodes with errors="replace", hiding input that is not UTF-8."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "not 'replace' or 'ignore'"


def recv_text(sock, limit=1_048_576):
    chunks, size = [], 0
    while chunk := sock.recv(65536):
        size += len(chunk)
        if size > limit:
            raise MessageTooLargeError(f"more than {limit} bytes")  # noqa: F405
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", errors="replace")
