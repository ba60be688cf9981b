"""Returns `payload or None`, so an empty frame looks like the end of the conversation."""

from reference import recv_frame as whole_recv_frame
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "`return payload or None`"


def recv_frame(sock, max_size=MAX_FRAME):  # noqa: F405
    return whole_recv_frame(sock, max_size) or None
