"""Decodes every chunk on its own, so a character split between two chunks breaks."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "decoding each chunk on its own"


def recv_text(sock, limit=1_048_576):
    text, size = [], 0
    while chunk := sock.recv(65536):
        size += len(chunk)
        if size > limit:
            raise MessageTooLargeError(f"more than {limit} bytes")  # noqa: F405
        text.append(chunk.decode("utf-8"))
    return "".join(text)


def iter_text(sock):
    while chunk := sock.recv(65536):
        yield chunk.decode("utf-8", errors="replace")
