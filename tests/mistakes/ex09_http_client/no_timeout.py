"""http_get connects without a timeout, so a server that never answers makes it wait forever."""

import socket

from reference import *  # noqa: F403 - the correct solution, except for what follows
from reference import build_request, read_response

CAUGHT_BY = "pass the timeout on"


def http_get(url, headers=None, timeout=5.0):
    import urllib.parse

    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http":
        raise ValueError(url)
    port = parts.port or 80
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    with socket.create_connection((parts.hostname, port)) as sock:
        sock.sendall(build_request("GET", f"{parts.hostname}:{port}", target, headers))
        return read_response(sock)
