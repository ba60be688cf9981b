"""Every catalogued mistake fails at least one check whose message names the mistake.

A mistake in what the exercise gives (a given class changed) cannot be graded at all: there
the exercise is an error, and its message must name the mistake instead.
"""

import ast
import shutil
from pathlib import Path

import pytest

from grader.catalog import EXERCISES, by_module
from grader.statuses import PASS


pytestmark = pytest.mark.timeout(300)

MISTAKES = sorted((Path(__file__).resolve().parents[1] / "mistakes").glob("ex*/*.py"))
MINIMUM_PER_EXERCISE = 3


def caught_by(path: Path) -> str:
    """The phrase a failing check's message must hold: the file's CAUGHT_BY."""
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "CAUGHT_BY" for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{path} has no CAUGHT_BY")


def mistake_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def early_jobs(items, kit, folder: Path) -> dict:
    """Every selected mistake (`-k ex02` grades only those of exercise-2), graded from the start (conftest.py)."""
    jobs = {}
    for path in sorted({item.callspec.params["path"] for item in items if "path" in getattr(getattr(item, "callspec", None), "params", {})}):
        exercise = by_module(path.parent.name)
        place = folder / mistake_id(path).replace("/", "-")
        place.mkdir()
        shutil.copy(kit.solutions / exercise.filename, place / "reference.py")
        shutil.copy(path, place / exercise.filename)
        jobs[mistake_id(path)] = (exercise, place)
    return jobs


@pytest.mark.parametrize("path", MISTAKES, ids=mistake_id)
def test_the_mistake_fails_a_check_that_names_it(path, early_results):
    result = early_results[mistake_id(path)].result()
    phrase = caught_by(path)
    if result.error is not None:
        assert phrase in result.error, f"{mistake_id(path)} did not load, and the reason does not say {phrase!r}: {result.error}"
        return
    failed = [c for c in result.checks if c.status != PASS]
    assert failed, f"no check catches {mistake_id(path)}"
    naming = [c for c in failed if phrase in (c.message or "")]
    assert naming, f"no failing check's message says {phrase!r}; they said:\n" + "\n---\n".join(
        f"{c.name}:\n{c.message}" for c in failed
    )


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_every_exercise_has_catalogued_mistakes(exercise):
    count = sum(path.parent.name == exercise.module for path in MISTAKES)
    assert count >= MINIMUM_PER_EXERCISE, f"{exercise.id} has {count} catalogued mistakes"
