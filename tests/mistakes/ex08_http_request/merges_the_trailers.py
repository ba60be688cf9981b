"""Adds the trailer fields of a chunked body to the request's headers."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "not added to .headers"

_parse = reference._parse


def _parse_and_merge(data, max_head, max_body):
    parsed = _parse(data, max_head, max_body)
    if parsed is None or parsed[0].headers.get("transfer-encoding") != "chunked":
        return parsed
    request, used = parsed
    tail = bytes(data[:used]).rsplit(b"0\r\n", 1)[-1]
    for line in tail.split(b"\r\n"):
        name, colon, value = line.partition(b":")
        if colon:
            request.headers[name.decode().lower()] = value.strip().decode()
    return request, used


reference._parse = _parse_and_merge
