"""Starts a process that leaves the learner's session (setsid), as a daemon would."""

import os
import sys

from reference import *  # noqa: F401,F403

EXPECT = "all"

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(600)", "netlings-hostile-marker"])
    os._exit(0)
os.wait()
