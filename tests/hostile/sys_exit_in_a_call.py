"""recv_text calls sys.exit(0)."""

import sys

from reference import *  # noqa: F401,F403

EXPECT = "all but recv_text"


def recv_text(sock, limit=1_048_576):
    sys.exit(0)
