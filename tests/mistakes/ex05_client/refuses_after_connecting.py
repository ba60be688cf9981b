"""Connects and sends the question's first line before noticing it holds a line break."""

import socket

from reference import *  # noqa: F403 - the correct solution, except for what follows
from reference import _AnswerReader

CAUGHT_BY = "raise ValueError before connecting"


def ask(address, question, timeout=5.0):
    try:
        sock = socket.create_connection(address, timeout)
    except TimeoutError as exc:
        raise ServiceTimeout(str(exc)) from exc  # noqa: F405
    except OSError as exc:
        raise ServiceUnavailable(str(exc)) from exc  # noqa: F405
    with sock:
        first, *rest = question.replace("\r", "\n").split("\n")
        sock.sendall(first.encode() + b"\n")
        if rest:
            raise ValueError("a question cannot hold a line break")
        try:
            return _AnswerReader(sock).readline()
        except TimeoutError as exc:
            raise ServiceTimeout(str(exc)) from exc  # noqa: F405
        except OSError as exc:
            raise ServiceDisconnected(str(exc)) from exc  # noqa: F405
