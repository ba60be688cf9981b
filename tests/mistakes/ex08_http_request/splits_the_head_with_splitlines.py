"""Splits the head into lines with splitlines(), which also ends a line at a bare CR."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "str.splitlines() and re.split"

_header_fields = reference._header_fields


def _split_again(lines):
    return _header_fields([part for line in lines for part in line.splitlines()])


reference._header_fields = _split_again
