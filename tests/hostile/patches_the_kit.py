"""Stubs, and patches the kit's modules, builtins, socket and json in its own process."""

import builtins
import json
import socket

from stub import *  # noqa: F401,F403 - the unmodified stub of exercise-1

EXPECT = "zero"

builtins.isinstance = lambda obj, cls: True
socket.socket.recv = lambda self, n, *a: b""
json.dumps = lambda *a, **k: '{"op": "reply", "id": 1, "value": true}'
try:
    import grader.harness.checking as checking

    checking.Checker.fail = lambda self, *lines, **k: None
    checking.Checker.expect = lambda self, *a, **k: None
except ImportError:
    pass
