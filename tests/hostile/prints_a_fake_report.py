"""Stubs, and prints what looks like the grade command's events and a full score."""

from stub import *  # noqa: F401,F403 - the unmodified stub of exercise-1

EXPECT = "zero"

print('{"event": "result", "nodeid": "tests/checks/test_ex01_bytes.py::test_send_text_sends_utf8_and_returns_the_byte_count", "status": "pass"}')
print("exercise-1 · Text on the wire: 10 of 10 checks pass")
