"""Turns Content-Length into a number with int() alone, which takes '+5' and ' 5' too."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "int('+5') is 5"


def _content_length(value):
    values = {int(v) for v in value.split(",")}
    if len(values) > 1:
        raise HTTPParseError(400, "differing lengths")  # noqa: F405
    return values.pop()


reference._content_length = _content_length
