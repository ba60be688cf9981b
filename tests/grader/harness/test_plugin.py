"""The pytest plugin, run in a real pytest: --impl, the fixtures, time limits, the results file."""

from __future__ import annotations

import shutil

import pytest

from grader.run.events import read_events

pytestmark = pytest.mark.timeout(120)

CHECKS = '''
import time
import pytest
from grader.harness.checking import call
from mockservers.script import close, receive, send


def test_recv_text_passes(impl, check, tcp):
    """recv_text reads the text"""
    sock, _ = tcp.server(send(b"hi"), close())
    check.returns("hi", call(impl.recv_text, sock), hint="read until the close")


def test_a_wrong_expectation_fails(impl, check, tcp):
    """this check expects the wrong text"""
    sock, _ = tcp.server(send(b"hi"), close())
    check.returns("bye", call(impl.recv_text, sock), hint="the hint")


def test_waiting_forever(impl, check):
    """this check outlives its time limit"""
    time.sleep(30)


def test_a_peer_that_breaks(impl, check, tcp):
    """a peer of the kit breaks during this check"""
    def broken(data):
        raise KeyError("a bug in the peer")

    sock, server = tcp.server(receive(until=broken), send(b"x"), close())
    sock.sendall(b"hi")
    server.wait_until_played()
    check.returns("x", call(impl.recv_text, sock), hint="h")


def test_a_bug_in_the_check_itself(impl, check):
    """this check has a bug of its own"""
    {}["missing"]


def test_skipping_is_not_passing(impl):
    pytest.skip("not today")


def test_without_impl_has_no_check_timeout(request):
    assert request.node.get_closest_marker("timeout") is None
'''


@pytest.fixture
def run(pytester, kit):
    """Run the plugin on CHECKS against `impl/` (a copy of the exercise-1 solution)."""
    pytester.makepyfile(test_ex01_bytes=CHECKS)
    (pytester.path / "impl").mkdir()
    shutil.copy(kit.solutions / "ex01_bytes.py", pytester.path / "impl" / "ex01_bytes.py")

    def run(*args: str):
        results = pytester.path / "events.jsonl"
        outcome = pytester.runpytest_subprocess(
            "-p", "grader.harness.plugin", "--impl", "impl", "--check-timeout", "0.5",
            "--netlings-results", str(results), *args,
        )
        events = read_events(results)
        return outcome, events, {e["nodeid"].split("::")[-1]: e for e in events if e["event"] == "result"}

    return run


def test_results_carry_learner_messages(run):
    outcome, events, results = run()
    assert events[0]["event"] == "collected"
    assert [t["name"] for t in events[0]["tests"]] == [
        "recv_text reads the text",
        "this check expects the wrong text",
        "this check outlives its time limit",
        "a peer of the kit breaks during this check",
        "this check has a bug of its own",
        "skipping is not passing",
        "without impl has no check timeout",
    ]
    assert results["test_recv_text_passes"]["status"] == "pass"
    assert results["test_recv_text_passes"]["message"] is None

    wrong = results["test_a_wrong_expectation_fails"]
    assert wrong["status"] == "fail"
    assert wrong["message"].splitlines() == [
        "the server sent b'hi', then closed the connection",
        "recv_text(sock) returned 'hi'",
        "expected 'bye'",
        "hint: the hint",
    ]


def test_a_check_over_its_time_limit_says_still_waiting(run):
    _, _, results = run()
    waited = results["test_waiting_forever"]
    assert waited["status"] == "fail"
    assert waited["message"] == "still waiting after 0.5 s: did your code wait for bytes the server never sends?"
    assert waited["duration"] < 5


def test_a_peer_that_breaks_makes_the_check_a_grader_error(run):
    _, _, results = run()
    broken = results["test_a_peer_that_breaks"]
    assert broken["status"] == "error"
    assert broken["message"].startswith("the grader could not clean up after this check (a bug in netlings, not in your code): PeerFailed")
    assert "KeyError" in broken["message"]
    assert broken["output"] == ""  # the peer's traceback is in the message, not in "your code printed"


def test_a_bug_in_a_check_is_not_blamed_on_the_learner(run):
    _, _, results = run()
    buggy = results["test_a_bug_in_the_check_itself"]
    assert buggy["status"] == "error"
    assert buggy["message"] == "the check itself failed (a bug in netlings, not in your code): KeyError: 'missing'"


def test_a_skipped_check_does_not_count_as_passed(run):
    _, _, results = run()
    assert results["test_skipping_is_not_passing"]["status"] == "error"
    assert "not today" in results["test_skipping_is_not_passing"]["message"]


def test_only_checks_get_the_short_time_limit(run):
    _, _, results = run()
    assert results["test_without_impl_has_no_check_timeout"]["status"] == "pass"


def test_a_module_that_does_not_load_is_an_exercise_error(run, pytester):
    (pytester.path / "impl" / "ex01_bytes.py").write_text("import nonexistent_module_xyz\n")
    _, events, results = run("-k", "passes or wrong")
    (error,) = [e for e in events if e["event"] == "exercise_error"]
    assert "importing impl/ex01_bytes.py raised ModuleNotFoundError" in error["message"]
    assert {r["status"] for r in results.values()} == {"error"}


def test_impl_defaults_to_the_ini_setting(pytester, kit):
    pytester.makepyfile(test_ex01_bytes=CHECKS)
    (pytester.path / "reference").mkdir()
    shutil.copy(kit.solutions / "ex01_bytes.py", pytester.path / "reference" / "ex01_bytes.py")
    pytester.makeini("[pytest]\nnetlings_impl = reference\n")
    outcome = pytester.runpytest_subprocess("-p", "grader.harness.plugin", "-k", "passes")
    outcome.assert_outcomes(passed=1, deselected=6)


def test_options_are_documented_in_help(pytester):
    outcome = pytester.runpytest_subprocess("-p", "grader.harness.plugin", "--help")
    outcome.stdout.fnmatch_lines(["*netlings grading*", "*--impl=DIR*", "*--check-timeout=SECONDS*"])
