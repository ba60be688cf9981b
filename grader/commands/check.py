"""`grade EXERCISE... | all`: run the checks and report.

The learner's report goes to stdout as each exercise finishes. `--format json|junit` prints
that document instead, or, with `--output FILE`, writes it to FILE while stdout still gets
the learner's report. Only grading your own `exercises/` updates the progress `grade list`
shows.
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .. import progress
from ..catalog import Exercise
from ..reports import RENDERERS
from ..reports.text import Marks, render_exercise, render_summary
from ..results import RunResult
from ..run.runner import grade_exercise
from ..statuses import PASS
from .common import ExitStatus, Parser, UsageError, out, require_kit, resolve

DESCRIPTION = """\
Check your exercises: grade exercise-3 (or 3, ex03), several at once, or all.

other commands:
  grade [list]                   the exercises, your last results, what to do next
  grade hint EXERCISE            hints for an exercise
  grade reset EXERCISE... | all  bring back an exercise's stub (your file is kept as a backup)
  grade serve [NAME]             run one of the kit's peers on its own (none: list them)
"""

MAX_WORKERS = 4  # exercises checked side by side

EPILOG = """\
exit status: 0 every check passed, 1 something failed or could not run, 2 bad usage."""


def build_parser() -> Parser:
    parser = Parser(prog="grade", description=DESCRIPTION, epilog=EPILOG,
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("exercises", nargs="*", metavar="EXERCISE", help="exercise-3, 3, ex03, or all")
    folder = parser.add_mutually_exclusive_group()
    folder.add_argument("--solutions", action="store_true", help="check the reference solutions instead of exercises/")
    folder.add_argument("--impl", metavar="DIR", help="check the exercise modules in DIR (a submission) instead")
    parser.add_argument("-v", "--verbose", action="store_true", help="add pytest's full output")
    parser.add_argument("--format", choices=sorted(RENDERERS), default="text", help="report format (default: text)")
    parser.add_argument("--output", metavar="FILE", help="write the report to FILE; stdout gets the text report")
    parser.add_argument("--timeout", type=float, metavar="SECONDS", help="time limit of each check (default: 2)")
    parser.add_argument("--version", action="version", version=f"netlings {_version()}")
    return parser


def run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    kit = require_kit()
    if not args.exercises:
        raise UsageError("which exercise? name one (grade exercise-1) or grade all")
    exercises = resolve(args.exercises)
    folder = _folder(args, kit)
    output = _output_path(args.output)
    if args.timeout is not None and not 0 < args.timeout <= 600:
        raise UsageError(f"--timeout must be between 0 and 600 seconds, not {args.timeout:g}")

    stream_text = args.format == "text" or output is not None
    marks = Marks(sys.stdout.encoding)
    sections = []  # of the text report, printed with a blank line between them
    results = []
    for result in _graded(kit, exercises, folder, args.timeout):
        results.append(result)
        if stream_text:
            sections.append(render_exercise(result, marks, args.verbose))
            out(("\n" if len(sections) > 1 else "") + sections[-1])
    run_result = RunResult(results)

    own_work = not args.solutions and args.impl is None
    if own_work:
        _remember(kit, results)
    if stream_text:
        for section in (render_summary(run_result), _what_next(kit, results) if own_work else ""):
            if section:
                out("\n" + section)
    if args.format != "text" or output is not None:
        document = RENDERERS[args.format](run_result, verbose=args.verbose, encoding="utf-8")
        if output is None:
            sys.stdout.write(document)
        else:
            _write(output, document)
    return ExitStatus.OK if run_result.status == PASS else ExitStatus.FAILED


def _graded(kit, exercises, folder, timeout):
    """Each exercise's result, in order, as soon as it and those before it are done.

    Exercises run side by side (each in its own process), a few at a time.
    """
    workers = max(1, min(len(exercises), os.cpu_count() or 1, MAX_WORKERS))
    with ThreadPoolExecutor(workers) as pool:
        futures = [pool.submit(grade_exercise, kit, exercise, folder, timeout) for exercise in exercises]
        for future in futures:
            yield future.result()


def _folder(args, kit) -> Path:
    if args.solutions:
        return kit.solutions
    if args.impl is None:
        return kit.exercises
    folder = Path(args.impl)
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise UsageError(f"--impl {args.impl}: {what}; give the folder that holds the exercise modules")
    return folder.resolve()


def _output_path(value: str | None) -> Path | None:
    if value is None:
        return None
    path = Path(value)
    if path.is_dir():
        raise UsageError(f"--output {value}: is a folder; give a file name")
    if not path.parent.is_dir():
        raise UsageError(f"--output {value}: the folder {path.parent} does not exist")
    return path


def _write(path: Path, document: str) -> None:
    try:
        path.write_text(document, encoding="utf-8")
    except OSError as exc:
        sys.stdout.write(document)  # nothing lost: the report goes to stdout instead
        raise UsageError(f"--output {path}: cannot write it ({exc.strerror}); the report went to stdout") from None


def _remember(kit, results) -> None:
    try:
        progress.record(kit.progress_file, results)
    except OSError as exc:
        print(f"grade: warning: could not save your progress to {kit.progress_file} ({exc.strerror})", file=sys.stderr)


def _what_next(kit, results) -> str:
    failing = [r for r in results if r.status != PASS]
    if failing:
        exercise: Exercise = failing[0].exercise
        return f"Stuck on {exercise.id}? `grade hint {exercise.id}` has hints."
    return progress.what_next(progress.load(kit.progress_file))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("netlings")
    except PackageNotFoundError:
        return "(not installed)"
