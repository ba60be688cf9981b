"""Reads through sock.makefile() and closes only the socket: the file keeps the connection open."""

import socket

from reference import *  # noqa: F403 - the correct solution, except for what follows
from reference import _refuse_line_breaks

CAUGHT_BY = "a sock.makefile() keeps the connection open"


def ask(address, question, timeout=5.0):
    _refuse_line_breaks([question])
    try:
        sock = socket.create_connection(address, timeout)
    except TimeoutError as exc:
        raise ServiceTimeout(str(exc)) from exc  # noqa: F405
    except OSError as exc:
        raise ServiceUnavailable(str(exc)) from exc  # noqa: F405
    with sock:
        lines = sock.makefile("rb")
        try:
            sock.sendall(question.encode() + b"\n")
            line = lines.readline()
        except TimeoutError as exc:
            raise ServiceTimeout(str(exc)) from exc  # noqa: F405
        except OSError as exc:
            raise ServiceDisconnected(str(exc)) from exc  # noqa: F405
        if not line.endswith(b"\n"):
            raise ServiceDisconnected("the service closed in the middle of an answer")  # noqa: F405
        return line[:-1].decode()
