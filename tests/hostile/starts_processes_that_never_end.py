"""Starts a child process and a thread that never end, when imported."""

import subprocess
import sys
import threading
import time

from reference import *  # noqa: F401,F403

EXPECT = "all"

subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", "netlings-hostile-marker"])
threading.Thread(target=time.sleep, args=(600,)).start()  # not a daemon
