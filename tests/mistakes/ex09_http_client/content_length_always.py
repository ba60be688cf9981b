"""build_request sends Content-Length: 0 with every GET, where a request without a body has none."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "a GET without a body has no Content-Length"

_build_request = reference.build_request


def build_request(method, host, path="/", headers=None, body=b""):
    data = _build_request(method, host, path, headers, body)
    if body or any(name.lower() == "content-length" for name in (headers or {})):
        return data
    return data.replace(b"\r\n\r\n", b"\r\nContent-Length: 0\r\n\r\n", 1)
