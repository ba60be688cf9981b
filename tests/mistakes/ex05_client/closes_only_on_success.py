"""Closes the socket after a good answer, but not when an exception escapes."""

import socket

from reference import *  # noqa: F403 - the correct solution, except for what follows
from reference import _AnswerReader, _refuse_line_breaks

CAUGHT_BY = "close the socket on every path"


def ask(address, question, timeout=5.0):
    _refuse_line_breaks([question])
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(address)
    except TimeoutError as exc:
        raise ServiceTimeout(str(exc)) from exc  # noqa: F405
    except OSError as exc:
        raise ServiceUnavailable(str(exc)) from exc  # noqa: F405
    try:
        sock.sendall(question.encode() + b"\n")
        answer = _AnswerReader(sock).readline()
    except TimeoutError as exc:
        raise ServiceTimeout(str(exc)) from exc  # noqa: F405
    except OSError as exc:
        raise ServiceDisconnected(str(exc)) from exc  # noqa: F405
    sock.close()
    return answer
