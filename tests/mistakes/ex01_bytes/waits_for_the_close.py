"""iter_text collects everything until the close and yields it at the end."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "do not collect everything until the close"


def iter_text(sock):
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    yield b"".join(chunks).decode("utf-8")
