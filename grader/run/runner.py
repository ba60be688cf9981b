"""Run one exercise's checks in a pytest subprocess and turn its events into results.

Learner code never runs in the grade process. Each exercise gets a fresh pytest process,
started in an empty temporary folder with the kit's own configuration, limited in memory and
file size (child.py), with the netlings plugin loaded by name, no conftest.py files, and
plugin autoloading off (a stray plugin in the learner's environment cannot reorder or skip
checks). The plugin reports through a results file (events.py), never through the process's
output, in which learner code may print anything.

Nothing learner code does can stop the run from finishing:
- a check that overruns its time limit is interrupted by the plugin's timer (harness/timer.py); if it cannot be
  (the code swallowed the interruption, or is stuck outside Python), a watchdog here kills
  the process once the limit is passed by `GRACE_SECONDS`;
- if the process dies in the middle of a check (os._exit(), a crash, the watchdog), that
  check is an error that says so, and the checks not yet run go on in a new process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..catalog import Exercise
from ..harness.interrupt import EXERCISE_BUDGET
from ..kit import Kit
from ..results import CheckResult, ExerciseResult
from ..statuses import ERROR
from . import events

GRACE_SECONDS = 3.0  # past a check's own time limit, before the watchdog kills the process
START_LIMIT = 60.0  # seconds for pytest to start and collect the checks
LINGER_LIMIT = 5.0  # seconds the process may take to exit once every check has reported
OUTPUT_TAIL = 200_000  # characters of pytest's output kept for `grade -v`
POLL_SECONDS = 0.05
PLUGIN = "grader.harness.plugin"  # loaded by name: grading runs load no conftest.py (nor the kit's test helpers)


def grade_exercise(kit: Kit, exercise: Exercise, impl_dir: Path, check_timeout: float | None = None) -> ExerciseResult:
    check_file = kit.checks / exercise.check_filename
    result = ExerciseResult(exercise)
    with tempfile.TemporaryDirectory(prefix="netlings-") as scratch:
        scratch = Path(scratch)
        targets = [str(check_file)]
        collected: list[dict] = []
        finished: dict[str, CheckResult] = {}
        started = time.monotonic()
        for attempt in range(1, 1000):  # each round runs at least one check, so this ends
            budget_left = max(0.001, EXERCISE_BUDGET - (time.monotonic() - started))  # the rounds share it
            run = _Run(kit, scratch, attempt, targets, impl_dir, check_timeout, budget_left)
            outcome = run.wait()
            result.output += run.output()
            if run.exercise_error and result.error is None:
                result.error = run.exercise_error
            if not collected:
                collected = run.collected
                if not collected:
                    result.error = result.error or _could_not_start(run)
                    break
            finished.update(run.results)
            if run.unfinished is not None and run.unfinished not in finished:
                finished[run.unfinished] = CheckResult(run.name_of(run.unfinished), ERROR, outcome)
            remaining = [t["nodeid"] for t in collected if t["nodeid"] not in finished]
            if not remaining or not run.results and run.unfinished is None:
                break
            targets = [_node_path(kit, nodeid) for nodeid in remaining]
        for test in collected:
            result.checks.append(finished.get(test["nodeid"]) or CheckResult(
                test["name"], ERROR, "the check did not run: the process running the checks stopped early"
            ))
    return result


class _Run:
    """One pytest process and what it reported."""

    def __init__(self, kit: Kit, scratch: Path, attempt: int, targets: list[str], impl_dir: Path, check_timeout,
                 budget: float):
        self.results_path = scratch / f"events-{attempt}.jsonl"
        self.output_path = scratch / f"output-{attempt}.txt"
        command = [
            sys.executable, "-m", "grader.run.child", *targets,
            "-c", str(kit.pyproject), "--rootdir", str(kit.root), "--noconftest",
            "-p", "pytest_timeout", "-p", PLUGIN, "-p", "no:cacheprovider",
            "--impl", str(impl_dir.resolve()), "--netlings-results", str(self.results_path),
            "-v", "--tb=short", "--color=no", "--exercise-budget", f"{budget:.3f}",
        ]
        if check_timeout is not None:
            command += ["--check-timeout", str(check_timeout)]
        self.collected: list[dict] = []
        self._names: dict[str, str] = {}  # nodeid: the check's name
        self.results: dict[str, CheckResult] = {}
        self.exercise_error: str | None = None
        self.unfinished: str | None = None
        self._started: tuple[str, float, float] | None = None  # nodeid, at, timeout
        self._last_at = 0.0  # when the latest result came
        self._reader = events.EventReader(self.results_path)
        with open(self.output_path, "wb") as output:
            self.process = subprocess.Popen(
                command, cwd=scratch, env=_child_env(kit), stdin=subprocess.DEVNULL,
                stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
            )

    def wait(self) -> str:
        """Wait for the process, watching the checks; return why a check was cut short, if one was."""
        began = time.monotonic()
        killed_because = None
        while True:
            try:
                self.process.wait(POLL_SECONDS)
                break
            except subprocess.TimeoutExpired:
                pass
            self._take(self._reader.poll())
            now = time.monotonic()
            if self._started:
                nodeid, at, limit = self._started
                if now - at > limit + GRACE_SECONDS:
                    killed_because = (
                        f"still running after {now - at:.0f} s, past its {limit:g} s limit, so the grader "
                        "stopped it: does your code loop forever, or catch every exception (a bare "
                        "`except:` also catches the time limit's interruption)?"
                    )
                    self._kill()
                    break
            elif not self.collected and now - began > START_LIMIT:
                self._kill()
                break
            elif self.collected and len(self.results) == len(self.collected) and now - self._last_at > LINGER_LIMIT:
                self._kill()  # every check reported; something learner code started lingers
                break
        self._take(self._reader.poll())
        if self._started:
            self.unfinished = self._started[0]
        return killed_because or _death(self.process.returncode)

    def _take(self, new_events: list[dict]) -> None:
        for event in new_events:
            kind = event.get("event")
            if kind == events.COLLECTED:
                self.collected = event.get("tests", [])
                self._names = {test["nodeid"]: test["name"] for test in self.collected}
            elif kind == events.START:
                self._started = (event["nodeid"], time.monotonic(), float(event.get("timeout") or 0))
            elif kind == events.RESULT:
                self.results[event["nodeid"]] = CheckResult(
                    name=self.name_of(event["nodeid"]), status=event["status"], message=event.get("message"),
                    output=event.get("output") or "", duration=float(event.get("duration") or 0),
                )
                self._started = None
                self._last_at = time.monotonic()
            elif kind == events.EXERCISE_ERROR:
                self.exercise_error = event.get("message")

    def name_of(self, nodeid: str) -> str:
        return self._names.get(nodeid, nodeid)

    def _kill(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, AttributeError):
            self.process.kill()
        self.process.wait()

    def output(self) -> str:
        """The end of what pytest printed (learner code may have printed a lot before it)."""
        with open(self.output_path, "rb") as file:
            file.seek(max(0, self.output_path.stat().st_size - OUTPUT_TAIL))
            return file.read().decode("utf-8", errors="replace")


def _death(returncode: int | None) -> str:
    if returncode is not None and returncode < 0:
        name = signal.Signals(-returncode).name if -returncode in signal.Signals._value2member_map_ else str(-returncode)
        if -returncode == getattr(signal, "SIGKILL", 9):
            return f"the process running this check was killed ({name}) while your code ran: did it use too much memory?"
        return f"the process running this check crashed ({name}) while your code ran"
    return (
        f"the process running this check stopped (exit status {returncode}) while your code ran: "
        "does your code call os._exit() or raise KeyboardInterrupt? A function should raise an "
        "ordinary exception instead"
    )


def _could_not_start(run: _Run) -> str:
    tail = run.output().strip().splitlines()[-12:]
    return "the checks could not start; pytest said:\n" + "\n".join("    " + line for line in tail)


def _node_path(kit: Kit, nodeid: str) -> str:
    """A collected node id is relative to the kit folder; the process runs elsewhere."""
    path, _, rest = nodeid.partition("::")
    return f"{kit.root / path}::{rest}" if rest else str(kit.root / path)


def _child_env(kit: Kit) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(
        PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",
        PYTHONHASHSEED="0",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONIOENCODING="utf-8",
        # glibc gives each thread its own malloc arena (up to 8 per core, 64 MiB of address space
        # each): on a machine with many cores, a threaded server alone would pass the memory limit.
        MALLOC_ARENA_MAX="2",
        PYTHONPATH=os.pathsep.join([str(kit.root), *filter(None, [os.environ.get("PYTHONPATH")])]),
    )
    return env

