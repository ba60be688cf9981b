"""Stubs, and writes 'passed' events into the grade command's results file."""

import json
import os

from stub import *  # noqa: F401,F403 - the unmodified stub of exercise-1

EXPECT = "zero"


def _forge():
    with open(f"/proc/{os.getppid()}/cmdline", "rb") as f:
        args = f.read().decode().split("\0")
    if "--netlings-results" not in args:
        return
    path = args[args.index("--netlings-results") + 1]
    try:
        with open(path, "a") as f:
            for number in range(50):
                f.write(json.dumps({"event": "result", "nodeid": f"forged{number}", "status": "pass"}) + "\n")
    except OSError:
        pass


_forge()
