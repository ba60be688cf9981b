"""Takes the service's close as the end of the answer, and returns what came before it."""

import socket

from reference import *  # noqa: F403 - the correct solution, except for what follows
from reference import _refuse_line_breaks

CAUGHT_BY = "recv() returning b'' means the service closed its side"


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
            data = b""
            while b"\n" not in data:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                data += chunk
            return data.split(b"\n")[0].decode()
        except TimeoutError as exc:
            raise ServiceTimeout(str(exc)) from exc  # noqa: F405
        except OSError as exc:
            raise ServiceDisconnected(str(exc)) from exc  # noqa: F405
