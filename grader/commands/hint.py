"""`grade hint EXERCISE`: the exercise's hints, from a nudge to nearly the answer."""

from __future__ import annotations

import textwrap

from .common import ExitStatus, Parser, UsageError, out, resolve


def run(argv: list[str]) -> int:
    parser = Parser(prog="grade hint", description="Show the hints for an exercise.")
    parser.add_argument("exercise", metavar="EXERCISE", help="exercise-3, 3 or ex03")
    args = parser.parse_args(argv)
    if args.exercise.lower() == "all":
        raise UsageError("hints are for one exercise at a time, e.g. 'grade hint exercise-1'")
    (exercise,) = resolve([args.exercise])
    lines = [f"{exercise.id} · {exercise.title}: hints", ""]
    for number, text in enumerate(exercise.hints, 1):
        lines += textwrap.wrap(text, width=88, initial_indent=f"{number}. ", subsequent_indent="   ")
        lines.append("")
    lines.append(f"The instructions are at the top of exercises/{exercise.filename}.")
    out("\n".join(lines))
    return ExitStatus.OK
