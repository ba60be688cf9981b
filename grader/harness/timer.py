"""Time limits: every check gets a short one, and running out of it raises `CheckTimeout`.

Each check (a test that uses `impl`) gets `--check-timeout` seconds (2 by default) unless it
carries its own `timeout` mark. pytest-timeout decides when a test starts and ends; the timer
itself is ours (its signal method, without the dump of every thread's stack, which would
land in the check's output where a learner would read it as theirs). When time is up, the
timer raises `CheckTimeout` in the main thread: the Checker tells it as "still waiting after
2 s", and nothing needs to recognise a timeout by its wording.

Without SIGALRM (Windows), pytest-timeout's thread method ends the whole process instead, and
the runner's watchdog reports the check that was running.
"""

from __future__ import annotations

import signal

import pytest

from .interrupt import CheckTimeout
from .options import check_timeout

OWN_TIMER = pytest.StashKey[bool]()


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

    def interrupt(signum, frame):
        raise CheckTimeout(settings.timeout)

    signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, settings.timeout)
    item.stash[OWN_TIMER] = True
    return True


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_timeout_cancel_timer(item: pytest.Item):
    if not item.stash.get(OWN_TIMER, False):
        return None
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    del item.stash[OWN_TIMER]
    return True
