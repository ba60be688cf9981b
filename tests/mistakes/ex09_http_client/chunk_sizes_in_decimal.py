"""read_response reads chunk sizes as decimal numbers, where they are hex."""

import re

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "are hex in either case"

reference._HEX = re.compile(rb"[0-9]+")
_line = reference._Reader.line


def _decimal_line(self, what):
    line = _line(self, what)
    if what == "a chunk-size line" and line.split(b";")[0].isdigit():
        return b"%x" % int(line.split(b";")[0])
    return line


reference._Reader.line = _decimal_line
