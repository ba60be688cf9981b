"""http_get sends only the URL's path, without its query."""

import socket
import urllib.parse

from reference import *  # noqa: F403 - the correct solution, except for what follows
from reference import build_request, read_response

CAUGHT_BY = "send path + '?' + query"


def http_get(url, headers=None, timeout=5.0):
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http":
        raise ValueError(url)
    port = parts.port or 80
    host = parts.hostname if port == 80 else f"{parts.hostname}:{port}"
    with socket.create_connection((parts.hostname, port), timeout=timeout) as sock:
        sock.sendall(build_request("GET", host, parts.path or "/", headers))
        return read_response(sock)
