"""The learner's progress: the last result of each exercise, for `grade list`.

A small JSON file in the kit folder, ignored by git. It is a convenience, never a source of
truth: a missing, unreadable or damaged file reads as "nothing graded yet", and a file that
cannot be written is skipped with a warning; grading itself never depends on it.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

from .catalog import EXERCISES, Exercise
from .results import ExerciseResult
from .statuses import PASS

VERSION = 1


def load(path: Path) -> dict[str, dict]:
    """{exercise id: {"status", "score", "max_score", "graded_at"}}; empty if there is none."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    exercises = document.get("exercises") if isinstance(document, dict) else None
    if not isinstance(exercises, dict):
        return {}
    return {k: v for k, v in exercises.items() if isinstance(v, dict) and "status" in v}


def record(path: Path, results: list[ExerciseResult]) -> None:
    """Remember these results; raises OSError if the file cannot be written."""
    exercises = load(path)
    now = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    for result in results:
        exercises[result.exercise.id] = {
            "status": result.status,
            "score": result.score,
            "max_score": result.max_score,
            "graded_at": now,
        }
    text = json.dumps({"version": VERSION, "exercises": exercises}, indent=2) + "\n"
    # Write a temporary file and rename it over the old one: a crash never leaves half a file.
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".netlings-progress-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def next_up(recorded: dict[str, dict]) -> Exercise | None:
    """The first exercise, in order, whose last result is not a pass (None when all pass)."""
    return next((e for e in EXERCISES if recorded.get(e.id, {}).get("status") != PASS), None)


def what_next(recorded: dict[str, dict]) -> str:
    """The advice both `grade list` and a passing `grade` end with."""
    upcoming = next_up(recorded)
    if upcoming is None:
        return "Every exercise passes. Well done!"
    return f"Next: {upcoming.id} · {upcoming.title}: open exercises/{upcoming.filename}, then `grade {upcoming.id}`"
