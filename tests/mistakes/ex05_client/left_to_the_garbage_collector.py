"""Never closes the socket after an answer: it is closed only when the garbage collector frees it."""

import socket

from reference import *  # noqa: F403 - the correct solution, except for what follows
from reference import _AnswerReader

CAUGHT_BY = "a socket left to the garbage collector"


def ask_many(address, questions, timeout=5.0):
    if not questions:
        return []
    try:
        sock = socket.create_connection(address, timeout)
    except TimeoutError as exc:
        raise ServiceTimeout(str(exc)) from exc  # noqa: F405
    except OSError as exc:
        raise ServiceUnavailable(str(exc)) from exc  # noqa: F405
    try:
        sock.sendall("".join(q + "\n" for q in questions).encode())
        reader = _AnswerReader(sock)
        return [reader.readline() for _ in questions]
    except BaseException:
        sock.close()
        raise
