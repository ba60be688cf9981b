"""Gives the whole answer `timeout` seconds, instead of each wait for data."""

import socket
import time

from reference import *  # noqa: F403 - the correct solution, except for what follows
from reference import _refuse_line_breaks

CAUGHT_BY = "the timeout bounds each wait for data"


def ask(address, question, timeout=5.0):
    _refuse_line_breaks([question])
    try:
        sock = socket.create_connection(address, timeout)
    except TimeoutError as exc:
        raise ServiceTimeout(str(exc)) from exc  # noqa: F405
    except OSError as exc:
        raise ServiceUnavailable(str(exc)) from exc  # noqa: F405
    deadline = time.monotonic() + timeout
    with sock:
        try:
            sock.sendall(question.encode() + b"\n")
            data = b""
            while b"\n" not in data:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("the answer took too long")
                sock.settimeout(left)
                chunk = sock.recv(4096)
                if not chunk:
                    raise ServiceDisconnected("closed")  # noqa: F405
                data += chunk
            return data.split(b"\n")[0].decode()
        except TimeoutError as exc:
            raise ServiceTimeout(str(exc)) from exc  # noqa: F405
        except OSError as exc:
            raise ServiceDisconnected(str(exc)) from exc  # noqa: F405
