"""What every subcommand shares: exit statuses, usage errors, finding the kit and exercises."""

from __future__ import annotations

import argparse
import os
import sys
from enum import IntEnum

from ..catalog import EXERCISES, Exercise, find
from ..kit import HOME_ENV, Kit, find_kit


class ExitStatus(IntEnum):
    OK = 0  # every check passed, or the command did what was asked
    FAILED = 1  # graded, but some check failed or could not run
    USAGE = 2  # bad usage: unknown exercise or option, missing folder
    INTERNAL = 3  # a bug in the grader itself
    INTERRUPTED = 130  # Ctrl-C


class UsageError(Exception):
    """A mistake in how grade was called; the message names it and what to try."""


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line that says what to try."""

    def error(self, message: str):
        raise UsageError(f"{message}; try '{self.prog} --help'")


def require_kit() -> Kit:
    kit = find_kit()
    if kit is None:
        raise UsageError(
            "cannot find the netlings folder (the one holding exercises/ and tests/checks/); "
            f"run grade inside it, or set {HOME_ENV} to it"
        )
    return kit


def resolve(names: list[str]) -> list[Exercise]:
    """The exercises `names` mean, in catalog order, each once; 'all' means every one."""
    chosen: list[Exercise] = []
    for name in names:
        if name.lower() == "all":
            found = list(EXERCISES)
        else:
            exercise = find(name)
            if exercise is None:
                raise UsageError(f"no exercise named '{name}'; try 'grade list'")
            found = [exercise]
        chosen += [e for e in found if e not in chosen]
    return sorted(chosen, key=lambda e: e.number)


def out(text: str = "") -> None:
    """Print to stdout, replacing what its encoding cannot show rather than crashing.

    If the reader went away (`grade all | head`), the rest is dropped and grading goes on,
    so the exit status and the progress file still tell the truth.
    """
    encoding = sys.stdout.encoding or "utf-8"
    try:
        sys.stdout.write(text.encode(encoding, errors="replace").decode(encoding) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
