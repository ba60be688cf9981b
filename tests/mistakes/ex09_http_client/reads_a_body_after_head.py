"""read_response forgets that the answer to HEAD has no body, and waits for Content-Length bytes."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "the answer to a HEAD request"

_read_response = reference.read_response


def read_response(sock, method="GET"):
    return _read_response(sock, "GET")
