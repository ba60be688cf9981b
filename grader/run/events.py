"""The channel from the pytest plugin to the grade command: a file of JSON lines.

The plugin appends one event per line as the run goes (`collected`, then `start` and `result`
for each check, and `exercise_error` if the module would not load). Each line is written with
one unbuffered write, so a crash mid-run leaves every earlier event readable, and the grader
never has to parse the output of a process in which learner code prints whatever it likes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

COLLECTED = "collected"  # {"tests": [{"nodeid", "name"}, ...]} in file order
START = "start"  # {"nodeid", "timeout"}
RESULT = "result"  # {"nodeid", "status", "message", "output", "duration"}
EXERCISE_ERROR = "exercise_error"  # {"message"}


class EventWriter:
    def __init__(self, path: str | os.PathLike) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def write(self, event: str, **fields) -> None:
        line = json.dumps({"event": event, **fields}) + "\n"
        os.write(self._fd, line.encode("utf-8"))

    def close(self) -> None:
        os.close(self._fd)


class EventReader:
    """Reads the events of a file that is still being written, a complete line at a time."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self._offset = 0

    def poll(self) -> list[dict]:
        try:
            with open(self.path, "rb") as file:
                file.seek(self._offset)
                data = file.read()
        except FileNotFoundError:
            return []
        complete = data[: data.rfind(b"\n") + 1]
        self._offset += len(complete)
        return _parse(complete.decode("utf-8", errors="replace"))


def read_events(path: str | os.PathLike) -> list[dict]:
    """Every complete event in the file."""
    return EventReader(path).poll()


def _parse(text: str) -> list[dict]:
    events = []
    for line in text.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue  # not ours: a torn or foreign line
        if isinstance(event, dict) and "event" in event:
            events.append(_writable(event))
    return events


def _writable(value):
    """The value with lone surrogates (from learner text) replaced, so it encodes as UTF-8."""
    if isinstance(value, str):
        return value.encode("utf-8", errors="replace").decode("utf-8")
    if isinstance(value, list):
        return [_writable(item) for item in value]
    if isinstance(value, dict):
        return {key: _writable(item) for key, item in value.items()}
    return value
