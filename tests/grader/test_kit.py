"""find_kit() and looks_like_kit(): where the kit's folders are.

NETLINGS_HOME wins when it is set (and gives None if it names no kit); otherwise the folder
the grader package sits in is the kit.
"""

from pathlib import Path

import pytest

from grader.kit import HOME_ENV, PROGRESS_FILE, Kit, find_kit, looks_like_kit

REPOSITORY = Path(__file__).resolve().parents[2]


def make_kit(folder: Path) -> Path:
    (folder / "tests" / "checks").mkdir(parents=True)
    (folder / "pyproject.toml").write_text("[project]\nname = 'netlings'\n")
    return folder


@pytest.fixture
def no_home(monkeypatch):
    monkeypatch.delenv(HOME_ENV, raising=False)


def test_find_kit_finds_this_repository(no_home):
    kit = find_kit()
    assert kit is not None
    assert kit.root == REPOSITORY


def test_find_kit_finds_the_repository_from_any_folder(no_home, tmp_path):
    assert find_kit(tmp_path) == Kit(REPOSITORY)


def test_an_empty_home_variable_is_ignored(monkeypatch):
    monkeypatch.setenv(HOME_ENV, "")
    assert find_kit() == Kit(REPOSITORY)


def test_home_pointing_to_a_folder_that_is_not_a_kit_gives_none(monkeypatch, tmp_path):
    monkeypatch.setenv(HOME_ENV, str(tmp_path))
    assert find_kit() is None


def test_home_pointing_to_a_missing_folder_gives_none(monkeypatch, tmp_path):
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "nowhere"))
    assert find_kit() is None


def test_home_pointing_to_another_kit_wins(monkeypatch, tmp_path):
    other = make_kit(tmp_path / "other")
    monkeypatch.setenv(HOME_ENV, str(other))
    assert find_kit(REPOSITORY) == Kit(other.resolve())


def test_looks_like_kit_needs_tests_checks_and_pyproject(tmp_path):
    assert looks_like_kit(make_kit(tmp_path / "kit"))
    assert looks_like_kit(REPOSITORY)


def test_looks_like_kit_is_false_without_tests_checks(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "tests").mkdir()
    assert not looks_like_kit(tmp_path)


def test_looks_like_kit_is_false_without_pyproject(tmp_path):
    (tmp_path / "tests" / "checks").mkdir(parents=True)
    assert not looks_like_kit(tmp_path)


def test_looks_like_kit_wants_a_folder_of_checks_and_a_pyproject_file(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "checks").write_text("not a folder")
    (tmp_path / "pyproject.toml").mkdir()
    assert not looks_like_kit(tmp_path)


def test_an_empty_folder_is_not_a_kit(tmp_path):
    assert not looks_like_kit(tmp_path)


def test_the_kit_s_folders():
    kit = Kit(Path("/somewhere/netlings"))
    assert kit.exercises == Path("/somewhere/netlings/exercises")
    assert kit.solutions == Path("/somewhere/netlings/solutions")
    assert kit.checks == Path("/somewhere/netlings/tests/checks")
    assert kit.pyproject == Path("/somewhere/netlings/pyproject.toml")
    assert kit.progress_file == Path("/somewhere/netlings") / PROGRESS_FILE
    assert PROGRESS_FILE == ".netlings-progress.json"


def test_this_repository_has_the_folders_the_kit_names(no_home):
    kit = find_kit()
    assert kit.exercises.is_dir()
    assert kit.solutions.is_dir()
    assert kit.checks.is_dir()
    assert kit.pyproject.is_file()
