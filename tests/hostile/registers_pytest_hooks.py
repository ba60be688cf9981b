"""Stubs, with pytest hooks that would turn every report into a pass, and a plugin list."""

from stub import *  # noqa: F401,F403 - the unmodified stub of exercise-1

EXPECT = "zero"
pytest_plugins = ["ex01_bytes"]


def pytest_runtest_makereport(item, call):
    call.excinfo = None


def pytest_runtest_logreport(report):
    report.outcome = "passed"


try:
    import pytest

    pytest.hookimpl(hookwrapper=True)(pytest_runtest_makereport)
except ImportError:
    pass
