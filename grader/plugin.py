"""The netlings pytest plugin: one set of checks grades any folder of exercise modules.

- `--impl DIR` (ini `netlings_impl`, default `solutions`) is the folder the `impl` fixture
  imports exercise modules from; the check file `test_ex03_lines.py` checks `ex03_lines`.
- Fixtures: `impl` (the learner's module), `check` (a `Checker`, see checking.py) and `tcp`
  (chunking TCP servers whose client end the check hands to learner code).
- Every check (a test that uses `impl`) gets a short timeout, `--check-timeout` (ini
  `netlings_check_timeout`, 2 s), unless it carries its own `timeout` mark.
- `--netlings-results FILE` writes the events the grade command reads (see events.py), with a
  message for the learner for every check that did not pass.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from . import events
from .catalog import by_module
from .checking import TIMEOUT_PREFIX, Checker, is_timeout
from .loading import ExerciseUnavailable, load_exercise
from .show import show_exception
from .tcp import TCPServers

DEFAULT_CHECK_TIMEOUT = 2.0
MAX_OUTPUT_CHARS = 2_000  # of what a check's learner code printed, kept in the results


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("netlings", "netlings grading")
    group.addoption(
        "--impl",
        dest="netlings_impl",
        metavar="DIR",
        help="folder holding the exercise modules to check (default: ini netlings_impl, 'solutions')",
    )
    parser.addini("netlings_impl", "folder of exercise modules checked by default, relative to rootdir", default="solutions")
    group.addoption(
        "--check-timeout",
        dest="netlings_check_timeout",
        type=float,
        metavar="SECONDS",
        help=f"time limit of each check without its own timeout mark (default: {DEFAULT_CHECK_TIMEOUT:g})",
    )
    parser.addini("netlings_check_timeout", "time limit of each check, in seconds", default=str(DEFAULT_CHECK_TIMEOUT))
    group.addoption(
        "--netlings-results",
        dest="netlings_results",
        metavar="FILE",
        help="append the run's events as JSON lines to FILE (for the grade command)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[IMPL_KEY] = ImplFolder(config)
    path = config.getoption("netlings_results")
    if path:
        config.pluginmanager.register(ResultsReporter(events.EventWriter(path), config), "netlings-results")


# The learner's module -----------------------------------------------------------------------


class ImplFolder:
    """The folder under check, and the modules imported from it (each once per run)."""

    def __init__(self, config: pytest.Config) -> None:
        chosen = config.getoption("netlings_impl") or config.getini("netlings_impl")
        base = config.invocation_params.dir if config.getoption("netlings_impl") else config.rootpath
        self.path = (Path(base) / chosen).resolve()
        try:
            self.shown = self.path.relative_to(config.rootpath.resolve()).as_posix()
        except ValueError:
            self.shown = str(self.path)
        self._loaded: dict[str, object] = {}
        self.on_unavailable = lambda message: None

    def load(self, module: str):
        if module not in self._loaded:
            exercise = by_module(module)
            if exercise is None:
                raise LookupError(f"no exercise in the catalog has the module {module!r}")
            try:
                self._loaded[module] = load_exercise(self.path, exercise, self.shown)
            except ExerciseUnavailable as exc:
                self._loaded[module] = exc
                self.on_unavailable(str(exc))
        loaded = self._loaded[module]
        if isinstance(loaded, ExerciseUnavailable):
            raise loaded
        return loaded


IMPL_KEY = pytest.StashKey[ImplFolder]()


def module_checked_by(path: Path) -> str:
    """`test_ex03_lines.py` checks the module `ex03_lines`."""
    return path.stem.removeprefix("test_")


@pytest.fixture
def impl(request: pytest.FixtureRequest):
    """The exercise module under check, imported from the --impl folder."""
    return request.config.stash[IMPL_KEY].load(module_checked_by(request.path))


@pytest.fixture
def check(request: pytest.FixtureRequest) -> Checker:
    """Calls learner code and fails with the story of what happened."""
    return Checker(timeout_of(request.node), str(request.config.stash[IMPL_KEY].path))


@pytest.fixture(scope="session")
def chunking_server():
    """The chunking server every check's `tcp` connections go to, for the whole run."""
    from mockservers.chunking import ChunkingServer  # only runs with TCP checks need it

    server = ChunkingServer()
    yield server
    server.stop()


@pytest.fixture
def tcp(chunking_server, check: Checker):
    servers = TCPServers(chunking_server, check)
    yield servers
    servers.close()


# Time limits ----------------------------------------------------------------------------


def timeout_of(item: pytest.Item) -> float:
    marker = item.get_closest_marker("timeout")
    if marker and marker.args:
        return float(marker.args[0])
    return check_timeout(item.config)


def check_timeout(config: pytest.Config) -> float:
    return config.getoption("netlings_check_timeout") or float(config.getini("netlings_check_timeout"))


OWN_TIMER = pytest.StashKey[bool]()


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_timeout_set_timer(item: pytest.Item, settings):
    """pytest-timeout's signal method, without its dump of every thread's stack.

    The dump would land in the check's output, where a learner would read it as theirs.
    """
    if settings.method != "signal" or not hasattr(signal, "SIGALRM"):
        return None

    def interrupt(signum, frame):
        __tracebackhide__ = True
        pytest.fail(f"{TIMEOUT_PREFIX}{settings.timeout}s) from pytest-timeout.", pytrace=False)

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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    method = "signal" if hasattr(signal, "SIGALRM") else "thread"
    for item in items:
        if "impl" in getattr(item, "fixturenames", ()) and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(check_timeout(config), method=method))


# Results for the grade command ----------------------------------------------------------


def check_name(item: pytest.Item) -> str:
    """A check's name is the first line of its docstring (its function name otherwise)."""
    function = getattr(item, "function", None)
    doc = (getattr(function, "__doc__", None) or "").strip()
    name = doc.splitlines()[0].strip() if doc else item.name.split("[")[0].removeprefix("test_").replace("_", " ")
    callspec = getattr(item, "callspec", None)
    return f"{name} [{callspec.id}]" if callspec else name


def learner_message(item: pytest.Item, when: str, exc: BaseException) -> tuple[str, str]:
    """The status ("fail" or "error") and the learner's message for a phase that raised."""
    checker = item.funcargs.get("check") if hasattr(item, "funcargs") else None
    story = checker.story() if isinstance(checker, Checker) else []
    if isinstance(exc, ExerciseUnavailable):
        return "error", str(exc)
    if is_timeout(exc):
        seconds = timeout_of(item)
        return "fail", "\n".join(
            [*story, f"still waiting after {seconds:g} s: did your code wait for bytes the server never sends?"]
        )
    if when != "call":
        doing = "set up" if when == "setup" else "clean up after"
        return "error", f"the grader could not {doing} this check: {show_exception(exc)}"
    if isinstance(exc, pytest.fail.Exception) and not exc.pytrace:
        return "fail", exc.msg
    where = checker.where(exc) if isinstance(checker, Checker) else ""
    return "fail", "\n".join([*story, f"your code raised {show_exception(exc)}{where}"])


class ResultsReporter:
    """Writes the events of a run for the grade command (registered with --netlings-results)."""

    def __init__(self, writer: events.EventWriter, config: pytest.Config) -> None:
        self.writer = writer
        self.config = config
        self.exitstatus = 0
        self._phases: dict[str, dict] = {}
        config.stash[IMPL_KEY].on_unavailable = lambda message: writer.write(events.EXERCISE_ERROR, message=message)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        tests = [{"nodeid": item.nodeid, "name": check_name(item)} for item in session.items]
        self.writer.write(events.COLLECTED, tests=tests)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> None:
        self.writer.write(events.START, nodeid=item.nodeid, timeout=timeout_of(item))
        self._phases[item.nodeid] = {"status": "pass", "message": None, "output": "", "duration": 0.0}

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        outcome = yield
        report = outcome.get_result()
        if call.excinfo is not None and not report.skipped:
            report.netlings = learner_message(item, call.when, call.excinfo.value)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        result = self._phases.setdefault(report.nodeid, {"status": "pass", "message": None, "output": "", "duration": 0.0})
        result["duration"] += report.duration
        if report.skipped and result["status"] == "pass":
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            result.update(status="error", message=f"the check was skipped ({reason}), so it cannot count as passed")
        elif report.failed and result["status"] == "pass":
            status, message = getattr(report, "netlings", ("error", str(report.longrepr)))
            result.update(status=status, message=message)
        if report.when == "teardown":
            result["output"] = _clip(report.capstdout + report.capstderr)
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


def _clip(output: str) -> str:
    if len(output) <= MAX_OUTPUT_CHARS:
        return output
    return output[:MAX_OUTPUT_CHARS] + f"\n… ({len(output) - MAX_OUTPUT_CHARS:,} more characters not shown)"
