"""Joins a line that starts with a space to the line before, as the obsolete line folding did."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "an obsolete folded line"

_header_fields = reference._header_fields


def _unfolding(lines):
    unfolded = []
    for line in lines:
        if line[:1] in (b" ", b"\t") and unfolded:
            unfolded[-1] += b" " + line.strip()
        else:
            unfolded.append(line)
    return _header_fields(unfolded)


reference._header_fields = _unfolding
