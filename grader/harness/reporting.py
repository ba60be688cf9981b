"""Results for the grade command: the events of a run, written to --netlings-results.

For every check: its name (the first line of its docstring), its status, the learner's message
(written by the check's Checker, see fixtures.author_of), what learner code printed, and how
long it took. The grade command reads them through the file (run/events.py), never through
this process's output, in which learner code may print anything.
"""

from __future__ import annotations

import os
import sys

import pytest

from ..run import events
from ..statuses import ERROR, FAIL, PASS
from .fixtures import LEARNER_OUTPUT, author_of, impl_folder
from .timer import timeout_of

MAX_OUTPUT_CHARS = 2_000  # of what a check's learner code printed, kept in the results


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption("netlings_results")
    if path:
        config.pluginmanager.register(ResultsReporter(events.EventWriter(path), config), "netlings-results")


def check_name(item: pytest.Item) -> str:
    """A check's name is the first line of its docstring (its function name otherwise)."""
    function = getattr(item, "function", None)
    doc = (getattr(function, "__doc__", None) or "").strip()
    name = doc.splitlines()[0].strip() if doc else item.name.split("[")[0].removeprefix("test_").replace("_", " ")
    callspec = getattr(item, "callspec", None)
    return f"{name} [{callspec.id}]" if callspec else name


class ResultsReporter:
    """Writes the events of a run for the grade command (registered with --netlings-results)."""

    def __init__(self, writer: events.EventWriter, config: pytest.Config) -> None:
        self.writer = writer
        self.exitstatus = 0
        self._results: dict[str, dict] = {}
        impl_folder(config).on_unavailable = lambda message: writer.write(events.EXERCISE_ERROR, message=message)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        tests = [{"nodeid": item.nodeid, "name": check_name(item)} for item in session.items]
        self.writer.write(events.COLLECTED, tests=tests)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> None:
        self.writer.write(events.START, nodeid=item.nodeid, timeout=timeout_of(item))
        self._results[item.nodeid] = _passed()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        outcome = yield
        report = outcome.get_result()
        if call.excinfo is not None and not report.skipped:
            report.netlings = author_of(item).verdict(call.when, call.excinfo.value)
        if call.when == "teardown":
            report.netlings_output = item.stash.get(LEARNER_OUTPUT, "")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        result = self._results.setdefault(report.nodeid, _passed())
        result["duration"] += report.duration
        if report.skipped and result["status"] == PASS:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            result.update(status=ERROR, message=f"the check was skipped ({reason}), so it cannot count as passed")
        elif report.failed:
            status, message = getattr(report, "netlings", (ERROR, str(report.longrepr)))
            # The first verdict stands, unless the grader itself failed later: then no verdict can be trusted.
            if result["status"] == PASS or (status == ERROR and result["status"] == FAIL):
                result.update(status=status, message=message)
        if report.when == "teardown":
            result["output"] = _clip(report.capstdout + report.capstderr) + getattr(report, "netlings_output", "")
            result["duration"] = round(result["duration"], 3)
            self.writer.write(events.RESULT, nodeid=report.nodeid, **result)

    def pytest_sessionfinish(self, exitstatus: int) -> None:
        self.exitstatus = int(exitstatus)

    @pytest.hookimpl(trylast=True)
    def pytest_unconfigure(self) -> None:
        # Threads that learner code started must not keep the grader waiting: leave now.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(self.exitstatus)


def _passed() -> dict:
    return {"status": PASS, "message": None, "output": "", "duration": 0.0}


def _clip(output: str) -> str:
    if len(output) <= MAX_OUTPUT_CHARS:
        return output
    return output[:MAX_OUTPUT_CHARS] + f"\n… ({len(output) - MAX_OUTPUT_CHARS:,} more characters not shown)"
