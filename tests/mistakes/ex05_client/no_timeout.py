"""Connects without a timeout: a service that never answers keeps ask() waiting forever."""

import socket

from reference import *  # noqa: F403 - the correct solution, except for what follows
from reference import _AnswerReader, _refuse_line_breaks

CAUGHT_BY = "socket.create_connection(address, timeout) bounds connecting"


def ask(address, question, timeout=5.0):
    _refuse_line_breaks([question])
    try:
        sock = socket.create_connection(address)
    except OSError as exc:
        raise ServiceUnavailable(str(exc)) from exc  # noqa: F405
    with sock:
        try:
            sock.sendall(question.encode() + b"\n")
            return _AnswerReader(sock).readline()
        except OSError as exc:
            raise ServiceDisconnected(str(exc)) from exc  # noqa: F405
