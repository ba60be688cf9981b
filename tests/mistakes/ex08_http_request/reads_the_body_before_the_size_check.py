"""RequestReader waits for the whole body before comparing Content-Length with max_body."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "before reading the body"

_body = reference._body


def _late_check(data, start, headers, max_body):
    framed = _body(data, start, headers, None)
    if framed is not None and max_body is not None and len(framed[0]) > max_body:
        raise HTTPParseError(413, "too large")  # noqa: F405
    return framed


reference._body = _late_check
