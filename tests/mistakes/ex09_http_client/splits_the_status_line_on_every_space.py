"""read_response splits the status line on every space, so a reason of several words is cut."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "split the status line at most twice"


def _status_line(line):
    parts = line.decode("latin-1").split(" ")
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit() or len(parts[1]) != 3:
        raise HTTPParseError(f"bad status line {line!r}")  # noqa: F405
    return int(parts[1]), parts[2] if len(parts) > 2 else ""


reference._status_line = _status_line
