"""http_get closes its socket after a good response only: an error leaves it open."""

import socket
import urllib.parse

from reference import *  # noqa: F403 - the correct solution, except for what follows
from reference import build_request, read_response

CAUGHT_BY = "close the socket when you are done"

_kept = []


def http_get(url, headers=None, timeout=5.0):
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http":
        raise ValueError(url)
    port = parts.port or 80
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    sock = socket.create_connection((parts.hostname, port), timeout=timeout)
    _kept.append(sock)
    sock.sendall(build_request("GET", f"{parts.hostname}:{port}", target, headers))
    answer = read_response(sock)
    sock.close()
    return answer
