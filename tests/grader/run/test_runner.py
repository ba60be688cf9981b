"""Nothing learner code does stops the run: each misdeed costs that check, and says so."""

from __future__ import annotations

import shutil

import pytest

from grader.catalog import find
from grader.statuses import ERROR, FAIL, PASS

pytestmark = pytest.mark.timeout(300)

EXERCISE = find("exercise-1")
CHECK_TIMEOUT = 1.0

# Each misdeed replaces one function of the reference solution of exercise-1.
MISDEEDS = {
    "os_exit": """
import os
def send_text(sock, text):
    os._exit(3)
""",
    "swallows_the_timeout": """
import os, time
def recv_text(sock, limit=1_048_576):
    flag = "hung-once"  # in its working folder, the one place the learner's process may write
    if not os.path.exists(flag):
        open(flag, "w").close()
        while True:
            try:
                time.sleep(10)
            except BaseException:
                pass
    return reference_recv_text(sock, limit)
""",
    "memory_bomb": """
def iter_text(sock):
    yield "x" * (64 * 1024**3)
""",
    "sys_exit": """
import sys
def recv_text(sock, limit=1_048_576):
    sys.exit("bye")
""",
    "keyboard_interrupt": """
def recv_text(sock, limit=1_048_576):
    raise KeyboardInterrupt
""",
    "print_flood": """
def send_text(sock, text):
    print("noise " * 1_000_000)
    return reference_send_text(sock, text)
""",
    "lingering_thread": """
import threading, time
threading.Thread(target=time.sleep, args=(600,)).start()  # not a daemon: would block the exit
""",
    "hangs_at_import": """
while True:
    pass
""",
    "looks_for_the_kit_s_test_helpers": """
import gc, sys
def send_text(sock, text):
    managers = [o for o in gc.get_objects() if type(o).__name__ == "PytestPluginManager"]
    LOADED = [n for n in sys.modules if "conftest" in n or n.startswith(("pytest", "_pytest"))] + managers
    if LOADED:
        raise RuntimeError(f"the grading process loaded {LOADED}")
    return reference_send_text(sock, text)
""",
    "segfault": """
import os, signal
def iter_text(sock):
    os.kill(os.getpid(), signal.SIGSEGV)
    yield ""
""",
}

PREAMBLE = """
from reference import *  # noqa
from reference import send_text as reference_send_text, recv_text as reference_recv_text
"""


def early_jobs(items, kit, folder) -> dict:
    """Every misdeed, graded from the start of the suite (tests/grader/conftest.py)."""
    jobs = {}
    for name, code in MISDEEDS.items():
        place = folder / name
        place.mkdir()
        shutil.copy(kit.solutions / EXERCISE.filename, place / "reference.py")
        (place / EXERCISE.filename).write_text(PREAMBLE + code)
        jobs[name] = (EXERCISE, place, CHECK_TIMEOUT)
    return jobs


@pytest.fixture
def results(early_results):
    return {name: future.result() for name, future in early_results.items()}


def checks_of(result, function: str) -> tuple[list, list]:
    """(checks of `function`, the other checks)."""
    mine = [c for c in result.checks if c.name.startswith(function)]
    return mine, [c for c in result.checks if c not in mine]


def test_os_exit_costs_only_the_checks_that_call_it(results):
    mine, others = checks_of(results["os_exit"], "send_text")
    assert mine and {c.status for c in mine} == {FAIL}
    assert all("your code ended its process (exit status 3), as os._exit(3) does" in c.message for c in mine)
    assert {c.status for c in others} == {PASS}


def test_a_check_that_ignores_its_time_limit_is_stopped(results):
    mine, others = checks_of(results["swallows_the_timeout"], "recv_text")
    stopped = [c for c in mine if c.status == FAIL]
    assert len(stopped) == 1 and "was still waiting after 1 s" in stopped[0].message
    assert {c.status for c in mine if c not in stopped} == {PASS}
    assert {c.status for c in others} == {PASS}


def test_a_memory_bomb_fails_its_check(results):
    mine, others = checks_of(results["memory_bomb"], "iter_text")
    assert mine and {c.status for c in mine} == {FAIL}
    assert any("ran out of memory" in c.message for c in mine)
    assert {c.status for c in others} == {PASS}


def test_sys_exit_and_keyboard_interrupt_fail_their_checks(results):
    for name, says in (("sys_exit", "called sys.exit('bye')"), ("keyboard_interrupt", "raised KeyboardInterrupt")):
        mine, others = checks_of(results[name], "recv_text")
        assert {c.status for c in mine} == {FAIL}, name
        assert all(says in c.message for c in mine), [c.message for c in mine]
        assert {c.status for c in others} == {PASS}


def test_printing_is_kept_short_and_harmless(results):
    result = results["print_flood"]
    assert result.status == PASS
    printed = [c.output for c in result.checks if c.output]
    assert printed and all(len(o) < 2_200 and "more characters not shown" in o for o in printed)


def test_a_lingering_thread_does_not_hold_the_grader(results):
    assert results["lingering_thread"].status == PASS


def test_a_grading_run_loads_no_conftest_and_none_of_the_kit_s_test_helpers(results):
    result = results["looks_for_the_kit_s_test_helpers"]
    assert result.status == PASS, [c.message for c in result.checks if c.status != PASS]


def test_a_crash_fails_its_check_and_names_the_signal(results):
    mine, others = checks_of(results["segfault"], "iter_text")
    assert mine and {c.status for c in mine} == {FAIL}
    assert all("your code's process crashed (SIGSEGV)" in c.message for c in mine)
    assert {c.status for c in others} == {PASS}


def test_a_module_that_hangs_when_imported_is_an_exercise_error(results):
    result = results["hangs_at_import"]
    assert result.status == ERROR
    assert "did not finish within 10 s" in result.error
    assert "if __name__ ==" in result.error


def test_misdeeds_cost_seconds_not_minutes(results):
    # One hang costs its time limit plus the watchdog's grace; everything else is quick.
    assert max(result.seconds for result in results.values()) < 60
