"""The plugin's command-line options, each with a matching ini setting where that makes sense.

- `--impl DIR` (ini `netlings_impl`, default `solutions`): the folder whose exercise modules
  the checks grade. On the command line it is relative to where pytest was started; in the ini
  file, to the rootdir.
- `--check-timeout SECONDS` (ini `netlings_check_timeout`, 2): each check's time limit.
- `--exercise-budget SECONDS` (ini `netlings_exercise_budget`, 30): the time all checks of the
  run share; a check that starts or is still waiting once it is spent fails with that reason,
  so code that hangs everywhere costs seconds, not minutes (0: no budget).
- `--netlings-results FILE`: where to write the events the grade command reads.
"""

from __future__ import annotations

import pytest

from .interrupt import EXERCISE_BUDGET

DEFAULT_CHECK_TIMEOUT = 2.0
DEFAULT_IMPL = "solutions"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("netlings", "netlings grading")
    group.addoption(
        "--impl",
        dest="netlings_impl",
        metavar="DIR",
        help=f"folder holding the exercise modules to check (default: ini netlings_impl, {DEFAULT_IMPL!r})",
    )
    parser.addini("netlings_impl", "folder of exercise modules checked by default, relative to rootdir", default=DEFAULT_IMPL)
    group.addoption(
        "--check-timeout",
        dest="netlings_check_timeout",
        type=float,
        metavar="SECONDS",
        help=f"time limit of each check without its own timeout mark (default: {DEFAULT_CHECK_TIMEOUT:g})",
    )
    parser.addini("netlings_check_timeout", "time limit of each check, in seconds", default=str(DEFAULT_CHECK_TIMEOUT))
    group.addoption(
        "--exercise-budget",
        dest="netlings_exercise_budget",
        type=float,
        metavar="SECONDS",
        help=f"time all the run's checks share, 0 for none (default: {EXERCISE_BUDGET:g})",
    )
    parser.addini("netlings_exercise_budget", "time all checks of a run share, in seconds", default=str(EXERCISE_BUDGET))
    group.addoption(
        "--netlings-results",
        dest="netlings_results",
        metavar="FILE",
        help="append the run's events as JSON lines to FILE (for the grade command)",
    )


def check_timeout(config: pytest.Config) -> float:
    return config.getoption("netlings_check_timeout") or float(config.getini("netlings_check_timeout"))


def exercise_budget(config: pytest.Config) -> float:
    given = config.getoption("netlings_exercise_budget")
    return given if given is not None else float(config.getini("netlings_exercise_budget"))
