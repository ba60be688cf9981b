"""Takes a request with both Transfer-Encoding and Content-Length, reading it as chunked (the smuggling shape)."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "request smuggling"

_body = reference._body


def _chunked_first(data, start, headers, max_body):
    if "transfer-encoding" in headers and "content-length" in headers:
        headers = {k: v for k, v in headers.items() if k != "content-length"}
    return _body(data, start, headers, max_body)


reference._body = _chunked_first
