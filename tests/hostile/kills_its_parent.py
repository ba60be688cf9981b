"""send_text tries to kill the process that runs the checks, then does its work right."""

import os
import signal

from reference import *  # noqa: F401,F403
from reference import send_text as honest_send_text

EXPECT = "all"


def send_text(sock, text):
    try:
        os.kill(os.getppid(), signal.SIGKILL)
    except OSError:
        pass
    return honest_send_text(sock, text)
