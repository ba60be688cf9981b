"""send_text ends the process with os._exit(0)."""

import os

from reference import *  # noqa: F401,F403

EXPECT = "all but send_text"


def send_text(sock, text):
    os._exit(0)
