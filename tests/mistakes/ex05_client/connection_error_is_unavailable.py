"""Catches ConnectionError around the whole conversation as ServiceUnavailable: a reset looks like a refusal."""

import socket

from reference import *  # noqa: F403 - the correct solution, except for what follows
from reference import _AnswerReader, _refuse_line_breaks

CAUGHT_BY = "ConnectionRefusedError and ConnectionResetError are both ConnectionError"


def ask(address, question, timeout=5.0):
    _refuse_line_breaks([question])
    try:
        with socket.create_connection(address, timeout) as sock:
            sock.sendall(question.encode() + b"\n")
            return _AnswerReader(sock).readline()
    except TimeoutError as exc:
        raise ServiceTimeout(str(exc)) from exc  # noqa: F405
    except ConnectionError as exc:
        raise ServiceUnavailable(str(exc)) from exc  # noqa: F405
