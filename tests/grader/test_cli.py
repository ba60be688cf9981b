"""The grade command end to end: reports, exit statuses, bad usage, broken submissions."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from grader.catalog import EXERCISES, find
from grader.stubgen import write_stubs

pytestmark = pytest.mark.timeout(300)

TEST_KEYS = {"name", "status", "message", "output", "score", "max_score", "duration"}
EXERCISE_KEYS = {"id", "module", "title", "status", "score", "max_score", "message", "tests"}


def grade(*args: str, home: Path | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "NETLINGS_HOME"}
    if home is not None:
        env["NETLINGS_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "grader", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=240
    )


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.stdout == ""
    return one_line_error_of(result)


def one_line_error_of(result: subprocess.CompletedProcess) -> str:
    """The single stderr line of a run that exited 2 (stdout may hold a report)."""
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("grade: error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture
def home(kit, tmp_path) -> Path:
    """A copy of the kit with pristine stubs, so the learner's progress file is its own."""
    root = tmp_path / "kit"
    for name in ("grader", "mockservers", "solutions", "tests/checks"):
        shutil.copytree(kit.root / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(kit.root / "tests" / "conftest.py", root / "tests" / "conftest.py")
    shutil.copy(kit.pyproject, root / "pyproject.toml")
    (root / "exercises").mkdir()
    write_stubs(root / "solutions", root / "exercises")
    return root


@pytest.fixture
def submission(kit, tmp_path) -> Path:
    """A student's folder holding a copy of every solution, to break one piece at a time."""
    folder = tmp_path / "submission"
    folder.mkdir()
    for exercise in EXERCISES:
        shutil.copy(kit.solutions / exercise.filename, folder / exercise.filename)
    return folder


# The main jobs ------------------------------------------------------------------------------


def test_solutions_pass_every_check_as_json():
    # Two exercises of different shapes (functions; a Flask app): tests/checks already runs every
    # check on the solutions, so this one is about the document's shape.
    result = grade("1", "13", "--solutions", "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["version"] == 1 and document["status"] == "pass"
    assert [e["id"] for e in document["exercises"]] == ["exercise-1", "exercise-13"]
    for exercise in document["exercises"]:
        assert set(exercise) == EXERCISE_KEYS
        assert exercise["status"] == "pass" and exercise["message"] is None
        assert exercise["score"] == exercise["max_score"] == len(exercise["tests"]) > 0
        for test in exercise["tests"]:
            assert set(test) == TEST_KEYS
            assert test["status"] == "pass" and test["message"] is None and test["score"] == 1
    assert document["score"] == document["max_score"] == sum(len(e["tests"]) for e in document["exercises"])


def test_stub_fails_with_readable_messages_and_progress_is_remembered(home):
    result = grade("exercise-1", home=home)
    assert result.returncode == 1
    assert "exercise-1 · Text on the wire: 0 of" in result.stdout
    assert result.stdout.count("✗") == result.stdout.count("is not written yet") > 0
    assert "Traceback" not in result.stdout + result.stderr
    assert "grade hint exercise-1" in result.stdout

    listing = grade("list", home=home)
    assert listing.returncode == 0
    assert "0/10 checks pass" in listing.stdout
    assert "Next: exercise-1" in listing.stdout
    assert grade(home=home).stdout == listing.stdout  # `grade` alone is `grade list`


def test_passing_an_exercise_moves_next_on(home):
    shutil.copy(home / "solutions" / "ex01_bytes.py", home / "exercises" / "ex01_bytes.py")
    result = grade("1", home=home)
    assert result.returncode == 0, result.stdout
    assert "Next: exercise-2" in result.stdout
    assert "Next: exercise-2" in grade("list", home=home).stdout


def test_checking_other_folders_leaves_progress_alone(home):
    assert grade("1", "--solutions", home=home).returncode == 0
    assert not (home / ".netlings-progress.json").exists()


@pytest.mark.parametrize("name", ["exercise-2", "2", "ex02", "EX02", "ex02_fixed", "exercise-02"])
def test_every_way_of_naming_an_exercise(name):
    assert find(name) is find("exercise-2") is not None


def test_junit_report_has_a_suite_per_exercise(tmp_path):
    result = grade("1", "3", "--solutions", "--format", "junit")
    assert result.returncode == 0
    suites = ET.fromstring(result.stdout.encode())
    assert [s.get("name").split(" ")[0] for s in suites.iter("testsuite")] == ["exercise-1", "exercise-3"]
    assert suites.get("failures") == "0" and int(suites.get("tests")) > 0


def test_output_file_gets_the_report_and_stdout_the_text(tmp_path):
    target = tmp_path / "results.json"
    result = grade("1", "--solutions", "--format", "json", "--output", str(target))
    assert result.returncode == 0
    assert json.loads(target.read_text())["status"] == "pass"
    assert "10 of 10 checks pass" in result.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc, where no file can be made")
def test_an_output_file_that_cannot_be_written_loses_nothing():
    result = grade("1", "--solutions", "--format", "json", "--output", "/proc/self/netlings.json")
    assert "--output /proc/self/netlings.json: cannot write it" in one_line_error_of(result)
    assert json.loads(result.stdout[result.stdout.index("{"):])["status"] == "pass"


def test_verbose_adds_pytests_output():
    result = grade("1", "--solutions", "-v")
    assert "--- pytest output for exercise-1 ---" in result.stdout
    assert "passed" in result.stdout


# Bad usage: one line, exit 2 --------------------------------------------------------------


@pytest.mark.parametrize(
    "args, says",
    [
        (["exercise-99"], "no exercise named 'exercise-99'; try 'grade list'"),
        (["1", "--frobnicate"], "unrecognized arguments: --frobnicate"),
        (["1", "--impl", "no/such/folder"], "--impl no/such/folder: does not exist"),
        (["1", "--format", "yaml"], "invalid choice: 'yaml'"),
        (["1", "--solutions", "--impl", "."], "not allowed with argument"),
        (["--solutions"], "which exercise?"),
        (["1", "--output", "no/such/folder/out.json"], "does not exist"),
        (["1", "--timeout", "0"], "--timeout must be between"),
        (["hint"], "the following arguments are required"),
        (["hint", "99"], "no exercise named '99'"),
        (["reset", "nope"], "no exercise named 'nope'"),
        (["list", "extra"], "unrecognized arguments: extra"),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(args, says):
    assert says in one_line_error(grade(*args))


def test_outside_a_kit_says_where_to_run(tmp_path):
    assert "cannot find the netlings folder" in one_line_error(grade("list", home=tmp_path))


def test_help_and_version():
    help_text = grade("--help")
    assert help_text.returncode == 0 and "grade hint EXERCISE" in help_text.stdout
    assert grade("--version").stdout.startswith("netlings ")


# Submissions that break -----------------------------------------------------------------------


def graded(*args: str) -> tuple[int, dict]:
    result = grade(*args, "--format", "json")
    assert "Traceback" not in result.stderr
    return result.returncode, {e["id"]: e for e in json.loads(result.stdout)["exercises"]}


def test_syntax_error_costs_that_exercise_only(submission):
    (submission / "ex01_bytes.py").write_text("def send_text(sock, text)\n    return 0\n")
    status, exercises = graded("1", "3", "--impl", str(submission))
    assert status == 1
    broken = exercises["exercise-1"]
    assert broken["status"] == "error" and broken["score"] == 0
    assert "ex01_bytes.py, line 1" in broken["message"] and "SyntaxError" in broken["message"]
    assert {t["status"] for t in broken["tests"]} == {"error"}
    assert exercises["exercise-3"]["status"] == "pass"


def test_exception_at_import_names_it_and_its_line(submission):
    path = submission / "ex02_fixed.py"
    path.write_text(path.read_text() + "\nraise RuntimeError('oops at import')\n")
    _, exercises = graded("2", "--impl", str(submission))
    message = exercises["exercise-2"]["message"]
    assert exercises["exercise-2"]["status"] == "error"
    assert "raised RuntimeError: oops at import at line" in message


def test_missing_function_is_named(submission):
    path = submission / "ex01_bytes.py"
    path.write_text(path.read_text().replace("def iter_text(", "def iter_texts("))
    _, exercises = graded("1", "--impl", str(submission))
    assert exercises["exercise-1"]["status"] == "error"
    assert "has no iter_text" in exercises["exercise-1"]["message"]


def test_missing_module_is_an_error_for_that_exercise(submission):
    (submission / "ex04_frames.py").unlink()
    status, exercises = graded("3", "4", "5", "--impl", str(submission))  # the neighbours are still checked
    assert status == 1 and set(exercises) == {"exercise-3", "exercise-4", "exercise-5"}
    assert "there is no ex04_frames.py in" in exercises["exercise-4"]["message"]
    assert {name: e["status"] for name, e in exercises.items() if e["status"] != "pass"} == {"exercise-4": "error"}


def test_reset_brings_back_the_stub_and_keeps_a_backup(home):
    target = home / "exercises" / "ex03_lines.py"
    stub = target.read_text()
    target.write_text("# my work in progress\n")
    result = grade("reset", "exercise-3", home=home)
    assert result.returncode == 0
    assert target.read_text() == stub
    (backup,) = (home / "exercises" / ".backup").iterdir()
    assert backup.read_text() == "# my work in progress\n"
    assert "already the original stub" in grade("reset", "3", home=home).stdout


def test_hint_prints_numbered_hints():
    result = grade("hint", "exercise-3")
    assert result.returncode == 0
    assert result.stdout.startswith("exercise-3 · Newline-delimited messages: hints")
    assert "\n1. " in result.stdout and "\n2. " in result.stdout
