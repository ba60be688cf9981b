"""recv_text kills its own process group."""

import os
import signal

from reference import *  # noqa: F401,F403

EXPECT = "all but recv_text"


def recv_text(sock, limit=1_048_576):
    os.killpg(0, signal.SIGKILL)
