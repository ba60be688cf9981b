"""read_response gives a 1xx response the body its Content-Length announces."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "after 101 Switching Protocols"


def read_response(sock, method="GET"):
    reader = reference._Reader(sock)
    head = reader.head()
    lines = [line.removesuffix(b"\r") for line in head.split(b"\n")]
    status, reason = reference._status_line(lines[0])
    headers = reference._header_fields(lines[1:])
    if method == "HEAD" or status in (204, 304):
        body = b""
    elif reference._is_chunked(headers.get("transfer-encoding")):
        body = reference._chunked(reader)
    elif "content-length" in headers:
        body = reader.exactly(reference._content_length(headers["content-length"]), "the body")
    else:
        body = reader.until_close()
    return Response(status, reason, headers, body)  # noqa: F405
