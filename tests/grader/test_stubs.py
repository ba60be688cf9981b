"""Every check fails on the unmodified stubs, and the stubs are what stubgen makes.

The stubs are made afresh from the solutions into a temporary folder, so these tests do not
depend on what a learner has done to exercises/.
"""

import pytest

from grader.catalog import EXERCISES
from grader.statuses import FAIL, PASS
from grader.stubgen import make_stub, write_stubs

pytestmark = pytest.mark.timeout(300)


def early_jobs(items, kit, folder) -> dict:
    """The stubs of the selected exercises, graded from the start (conftest.py)."""
    write_stubs(kit.solutions, folder)
    selected = {item.callspec.params["exercise"].id for item in items if "exercise" in getattr(getattr(item, "callspec", None), "params", {})}
    return {e.id: (e, folder) for e in EXERCISES if e.id in selected}


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_every_check_fails_on_the_stub(exercise, early_results):
    result = early_results[exercise.id].result()
    assert result.error is None, f"the stub of {exercise.id} did not load: {result.error}"
    assert result.checks, f"{exercise.id} has no checks"
    passing = [c.name for c in result.checks if c.status == PASS]
    assert not passing, f"these checks pass on the stub of {exercise.id}: {passing}"
    assert {c.status for c in result.checks} == {FAIL}
    for check in result.checks:
        assert "is not written yet" in check.message, check.message


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_the_stub_keeps_the_instructions_and_given_names(exercise, kit, tmp_path):
    (stub,) = write_stubs(kit.solutions, tmp_path, (exercise,))
    text = stub.read_text()
    namespace = {}
    exec(compile(text, str(stub), "exec"), namespace)
    solution = kit.solutions / exercise.filename
    solution_namespace = {}
    exec(compile(solution.read_text(), str(solution), "exec"), solution_namespace)
    assert namespace["__doc__"] == solution_namespace["__doc__"]
    for name in exercise.names:
        assert name in namespace, f"the stub of {exercise.id} lacks {name}"
    assert not [n for n in namespace if n.startswith("_") and not n.startswith("__")], "private helpers leak into the stub"
    for name in exercise.todo:
        assert "raise NotImplementedError" in text


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_exercises_folder_holds_a_stub_for_every_exercise(exercise, kit):
    assert (kit.exercises / exercise.filename).is_file()
    assert (kit.checks / exercise.check_filename).is_file()


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_the_stub_in_exercises_is_what_stubgen_makes_now(exercise, kit):
    """A stub left behind by an edit of its solution would teach the old contract."""
    made = make_stub((kit.solutions / exercise.filename).read_text(encoding="utf-8"), exercise)
    kept = (kit.exercises / exercise.filename).read_text(encoding="utf-8")
    assert kept == made, (
        f"exercises/{exercise.filename} is not what stubgen makes from solutions/{exercise.filename}: "
        "run `python -m grader.stubgen` (if you were doing the exercises in this folder, your edits "
        "are what differs; `grade reset` keeps a backup)"
    )
