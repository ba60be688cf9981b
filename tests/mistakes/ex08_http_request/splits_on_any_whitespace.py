"""Splits the request line with split(), so runs of spaces and tabs pass for single spaces."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "split() without an argument"

_request_line = reference._request_line


def _lenient_request_line(line):
    parts = line.split()
    if len(parts) != 3:
        raise HTTPParseError(400, "not three parts")  # noqa: F405
    return _request_line(b" ".join(parts))


reference._request_line = _lenient_request_line
