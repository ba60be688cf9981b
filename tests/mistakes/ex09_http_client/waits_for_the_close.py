"""read_response reads every body until the server closes, Content-Length or not."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "waiting for the close (or for more bytes) waits forever"


def read_response(sock, method="GET"):
    reader = reference._Reader(sock)
    head = reader.head()
    lines = [line.removesuffix(b"\r") for line in head.split(b"\n")]
    status, reason = reference._status_line(lines[0])
    headers = reference._header_fields(lines[1:])
    if method == "HEAD" or status in (204, 304) or status < 200:
        return Response(status, reason, headers, b"")  # noqa: F405
    return Response(status, reason, headers, reader.until_close())  # noqa: F405
