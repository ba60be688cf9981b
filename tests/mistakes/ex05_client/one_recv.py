"""Takes what one recv() returns for the whole answer line."""

import socket

from reference import *  # noqa: F403 - the correct solution, except for what follows
from reference import _refuse_line_breaks

CAUGHT_BY = "one recv() returns whatever has arrived so far"


def ask(address, question, timeout=5.0):
    _refuse_line_breaks([question])
    try:
        sock = socket.create_connection(address, timeout)
    except TimeoutError as exc:
        raise ServiceTimeout(str(exc)) from exc  # noqa: F405
    except OSError as exc:
        raise ServiceUnavailable(str(exc)) from exc  # noqa: F405
    with sock:
        try:
            sock.sendall(question.encode() + b"\n")
            data = sock.recv(65536)
        except TimeoutError as exc:
            raise ServiceTimeout(str(exc)) from exc  # noqa: F405
        except OSError as exc:
            raise ServiceDisconnected(str(exc)) from exc  # noqa: F405
        if not data:
            raise ServiceDisconnected("closed")  # noqa: F405
        return data.decode().split("\n")[0]
