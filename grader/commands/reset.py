"""`grade reset EXERCISE... | all`: bring back the stub of an exercise.

The stub is made from the reference solution (stubgen.py). Your file is never thrown away: it
is copied to exercises/.backup/ first, with the time in its name.
"""

from __future__ import annotations

import time

from ..stubgen import make_stub
from .common import ExitStatus, Parser, UsageError, out, require_kit, resolve

BACKUP_FOLDER = ".backup"


def run(argv: list[str]) -> int:
    parser = Parser(prog="grade reset", description="Bring back the original stub of exercises (your file is kept as a backup).")
    parser.add_argument("exercises", nargs="+", metavar="EXERCISE", help="exercise-3, 3, ex03, or all")
    args = parser.parse_args(argv)
    kit = require_kit()
    for exercise in resolve(args.exercises):
        solution = kit.solutions / exercise.filename
        if not solution.is_file():
            raise UsageError(f"cannot reset {exercise.id}: its stub is made from {solution}, which is missing")
        stub = make_stub(solution.read_text(encoding="utf-8"), exercise)
        target = kit.exercises / exercise.filename
        shown = f"exercises/{exercise.filename}"
        if target.is_file() and target.read_text(encoding="utf-8", errors="replace") == stub:
            out(f"{shown} is already the original stub")
            continue
        kept = ""
        if target.exists():
            backups = kit.exercises / BACKUP_FOLDER
            backups.mkdir(exist_ok=True)
            backup = backups / f"{exercise.module}-{time.strftime('%Y%m%d-%H%M%S')}.py"
            backup.write_bytes(target.read_bytes())
            kept = f"; your version is kept in exercises/{BACKUP_FOLDER}/{backup.name}"
        kit.exercises.mkdir(exist_ok=True)
        target.write_text(stub, encoding="utf-8")
        out(f"{shown} is the original stub again{kept}")
    return ExitStatus.OK
