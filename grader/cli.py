"""The `grade` command: pick the subcommand, and turn a user's mistake into one line.

    grade [list]                      the exercises, your last result in each, what is next
    grade EXERCISE... | all [options] check exercises (see `grade --help`)
    grade hint EXERCISE               hints for an exercise
    grade reset EXERCISE... | all     bring back the stub (your file is kept as a backup)
    grade serve [NAME]                run one of the kit's peers on its own (none: list them)

Exit status: see `ExitStatus`. A usage error is one line on stderr; a traceback appears only
for a bug in the grader itself, and only with NETLINGS_DEBUG=1.
"""

from __future__ import annotations

import os
import sys

from .commands import check, hint, listing, reset, serve
from .commands.common import ExitStatus, UsageError

COMMANDS = {"list": listing.run, "hint": hint.run, "reset": reset.run, "serve": serve.run}
DEBUG_ENV = "NETLINGS_DEBUG"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        if not argv:
            return listing.run([])
        if argv[0] in COMMANDS:
            return COMMANDS[argv[0]](argv[1:])
        return check.run(argv)
    except UsageError as exc:
        print(f"grade: error: {exc}", file=sys.stderr)
        return ExitStatus.USAGE
    except KeyboardInterrupt:
        print("grade: interrupted", file=sys.stderr)
        return ExitStatus.INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - a bug in the grader: say so in one line
        if os.environ.get(DEBUG_ENV):
            raise
        print(
            f"grade: internal error: {type(exc).__name__}: {exc} "
            f"(this is a bug in netlings; set {DEBUG_ENV}=1 to see the traceback)",
            file=sys.stderr,
        )
        return ExitStatus.INTERNAL


if __name__ == "__main__":
    sys.exit(main())
