"""Raises the service errors inside the except blocks without `from exc`: the original is only the __context__."""

import socket

from reference import *  # noqa: F403 - the correct solution, except for what follows
from reference import _AnswerReader, _refuse_line_breaks

CAUGHT_BY = "raise the new exception from the one you caught"


def ask(address, question, timeout=5.0):
    _refuse_line_breaks([question])
    try:
        sock = socket.create_connection(address, timeout)
    except TimeoutError as exc:
        raise ServiceTimeout(f"connecting took too long: {exc}")  # noqa: F405
    except OSError as exc:
        raise ServiceUnavailable(f"could not connect: {exc}")  # noqa: F405
    with sock:
        try:
            sock.sendall(question.encode() + b"\n")
            return _AnswerReader(sock).readline()
        except TimeoutError as exc:
            raise ServiceTimeout(f"no answer: {exc}")  # noqa: F405
        except OSError as exc:
            raise ServiceDisconnected(f"connection lost: {exc}")  # noqa: F405
