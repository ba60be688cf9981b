"""read_response reads a body without framing until the close only for a 200; other statuses get none."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "whatever the status"

_until_close = reference._Reader.until_close
_status_line = reference._status_line
_last_status = [200]


def _remembering(line):
    status, reason = _status_line(line)
    _last_status[0] = status
    return status, reason


def _until_close_if_ok(self):
    return _until_close(self) if _last_status[0] == 200 else b""


reference._status_line = _remembering
reference._Reader.until_close = _until_close_if_ok
