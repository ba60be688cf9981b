"""http_get sends the bare host name in Host, even when the URL has a port other than 80."""

import socket
import urllib.parse

from reference import *  # noqa: F403 - the correct solution, except for what follows
from reference import build_request, read_response

CAUGHT_BY = "Host: hostname:port when the port is not 80"


def http_get(url, headers=None, timeout=5.0):
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http":
        raise ValueError(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    with socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout) as sock:
        sock.sendall(build_request("GET", parts.hostname, target, headers))
        return read_response(sock)
