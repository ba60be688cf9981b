"""The exercise catalog: find() understands the ways a learner names an exercise, and every
exercise in it is whole (unique ids, hints, todo names, a solution and a check file that have
every name the catalog promises).

Solutions are read with `ast`, never imported: importing them here would put modules named
like the learner's into sys.modules of the run that checks them.
"""

import ast

import pytest

from grader.catalog import EXERCISES, by_module, find


@pytest.mark.parametrize(
    "name", ["exercise-3", "exercise-03", "EXERCISE-3", "exercise3", "3", "03", " 3 ", "ex03", "ex3", "EX03", "ex03_lines"]
)
def test_find_understands_the_names_of_an_exercise(name):
    found = find(name)
    assert found is not None and found.number == 3 and found.module == "ex03_lines"


@pytest.mark.parametrize("name", ["exercise-99", "99", "0", "ex", "exercise-", "", "three", "ex03_frames", "ex-3", "-3"])
def test_find_gives_none_for_a_name_that_is_no_exercise(name):
    assert find(name) is None


def test_find_knows_every_exercise_by_id_and_by_module():
    for exercise in EXERCISES:
        assert find(exercise.id) is exercise
        assert find(exercise.module) is exercise
        assert find(str(exercise.number)) is exercise


def test_by_module_knows_only_whole_module_names():
    assert by_module("ex01_bytes") is find("1")
    assert by_module("ex01") is None


def test_the_names_derived_from_an_exercise():
    exercise = find("3")
    assert exercise.id == "exercise-3"
    assert exercise.filename == "ex03_lines.py"
    assert exercise.check_filename == "test_ex03_lines.py"
    assert exercise.names == exercise.given + exercise.todo


def test_exercises_come_in_the_order_of_their_numbers():
    numbers = [e.number for e in EXERCISES]
    assert numbers == sorted(set(numbers)) and numbers[0] == 1


def test_ids_modules_and_filenames_are_unique():
    for attribute in ("id", "module", "filename", "check_filename", "title"):
        values = [getattr(e, attribute) for e in EXERCISES]
        assert len(set(values)) == len(values), f"two exercises share a {attribute}: {values}"


def test_a_module_name_starts_with_its_number():
    for exercise in EXERCISES:
        assert exercise.module.startswith(f"ex{exercise.number:02d}_"), exercise.module


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_every_exercise_has_hints_and_names_to_write(exercise):
    assert exercise.title
    assert exercise.hints and all(h.strip() for h in exercise.hints)
    assert exercise.todo
    assert len(set(exercise.names)) == len(exercise.names), f"a name is listed twice: {exercise.names}"


def module_level_names(source: str) -> set[str]:
    """The names a module defines at its top level: functions, classes, assignments, imports."""
    names = set()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for target in node.targets for t in ast.walk(target) if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return names


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_every_exercise_has_a_solution_with_every_catalog_name(exercise, kit):
    solution = kit.solutions / exercise.filename
    assert solution.is_file(), f"no solution {solution}"
    missing = set(exercise.names) - module_level_names(solution.read_text(encoding="utf-8"))
    assert not missing, f"{solution.name} lacks {sorted(missing)}"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_every_exercise_has_a_check_file(exercise, kit):
    assert (kit.checks / exercise.check_filename).is_file()


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_todo_names_are_functions_or_classes_in_the_solution(exercise, kit):
    tree = ast.parse((kit.solutions / exercise.filename).read_text(encoding="utf-8"))
    defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    assert set(exercise.todo) <= defined, "stubgen can only stub functions and classes"
