"""`grade` and `grade list`: every exercise, your last result in it, and what to do next.

Nothing is graded here: results come from the progress file that grading your own
`exercises/` keeps.
"""

from __future__ import annotations

import sys

from .. import progress
from ..catalog import EXERCISES
from ..reports.text import Marks
from ..statuses import ERROR, PASS
from .common import ExitStatus, Parser, out, require_kit


def run(argv: list[str]) -> int:
    Parser(prog="grade list", description="Show the exercises, your last results, and what to do next.").parse_args(argv)
    kit = require_kit()
    recorded = progress.load(kit.progress_file)
    marks = Marks(sys.stdout.encoding)
    width = max(len(e.title) for e in EXERCISES)
    lines = [f"netlings {marks.dot} {len(EXERCISES)} exercises", ""]
    for exercise in EXERCISES:
        last = recorded.get(exercise.id)
        if last is None:
            mark, score = marks.dot, "not checked yet"
        else:
            mark = marks.passed if last.get("status") == PASS else marks.failed
            score = f"{last.get('score', 0)}/{last.get('max_score', 0)} checks pass"
            if last.get("status") == ERROR:
                score = "could not be checked (see `grade " + exercise.id + "`)"
        lines.append(f"  {mark} {exercise.id:<11} {exercise.title:<{width}}  {score}")
    lines += ["", progress.what_next(recorded)]
    out("\n".join(lines))
    return ExitStatus.OK
