"""Time limits: every check gets a short one, and running out of it raises `CheckTimeout`.

Each check (a test that uses `impl`) gets `--check-timeout` seconds (2 by default) unless it
carries its own `timeout` mark. pytest-timeout decides when a test starts and ends; the timer
itself is ours (its signal method, without the dump of every thread's stack, which would
land in the check's output where a learner would read it as theirs). When time is up, the
timer raises `CheckTimeout` in the main thread: the Checker tells it as "still waiting after
2 s", and nothing needs to recognise a timeout by its wording.

All checks of an exercise share a budget (`--exercise-budget`, 30 s): a check gets no more than what
is left of it, and a check that starts after it is spent fails at once. The budget counts from
the first check, so importing the learner's module is bounded by the first check's limit.

Without SIGALRM (Windows), pytest-timeout's thread method ends the whole process instead, and
the runner's watchdog reports the check that was running.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time

import pytest

from .interrupt import CheckTimeout
from .options import check_timeout, exercise_budget

OWN_TIMER = pytest.StashKey[bool]()
BUDGET_SPENT = pytest.StashKey[float]()  # on a check that starts once the budget is spent
_first_check: dict[str, float] = {}  # exercise's check file: when its first check started (time.monotonic)


def _budget_left(item: pytest.Item) -> tuple[float, float] | None:
    """(the budget, seconds left of it) for a check, or None (no budget, or not a check)."""
    budget = exercise_budget(item.config)
    if budget <= 0 or "impl" not in getattr(item, "fixturenames", ()):
        return None
    started = _first_check.setdefault(str(item.path), time.monotonic())  # one budget per exercise
    return budget, budget - (time.monotonic() - started)


def timeout_of(item: pytest.Item) -> float:
    """The item's time limit: its own `timeout` mark, else the check timeout."""
    marker = item.get_closest_marker("timeout")
    if marker and marker.args:
        return float(marker.args[0])
    return check_timeout(item.config)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    method = "signal" if hasattr(signal, "SIGALRM") else "thread"
    for item in items:
        if "impl" in getattr(item, "fixturenames", ()) and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(check_timeout(config), method=method))


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_timeout_set_timer(item: pytest.Item, settings):
    if settings.method != "signal" or not hasattr(signal, "SIGALRM"):
        return None

    seconds, budget = settings.timeout, None
    left = _budget_left(item)
    if left is not None and left[1] < seconds:
        budget, seconds = left
        if seconds <= 0:
            item.stash[BUDGET_SPENT] = budget  # the check fails as it sets up (pytest_runtest_setup)
            return True

    def interrupt(signum, frame):
        raise CheckTimeout(settings.timeout, budget)

    signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    item.stash[OWN_TIMER] = True
    return True


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if BUDGET_SPENT in item.stash:
        raise CheckTimeout(timeout_of(item), item.stash[BUDGET_SPENT])


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_timeout_cancel_timer(item: pytest.Item):
    if not item.stash.get(OWN_TIMER, False):
        return None
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    del item.stash[OWN_TIMER]
    return True


@contextlib.contextmanager
def paused():
    """The running check's timer stopped while the kit does work of its own (starting the
    learner's process, which a busy machine slows), then resumed with the time that was left."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    left, _ = signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        yield
    finally:
        if left > 0:
            signal.setitimer(signal.ITIMER_REAL, left)
