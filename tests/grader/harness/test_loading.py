"""load_exercise(): import an exercise module from a folder, or say in plain words why not.

Each test writes an `ex01_bytes.py` into tmp_path. The checks of the same pytest run import
ex01_bytes from solutions/ through the plugin, so every test puts sys.path and
sys.modules["ex01_bytes"] back as they were (the `clean_imports` fixture).
"""

import shutil
import sys

import pytest

import grader.catalog
from grader.harness.loading import ExerciseUnavailable, load_exercise

EXERCISE = grader.catalog.find("1")


@pytest.fixture(autouse=True)
def clean_imports(monkeypatch):
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.delitem(sys.modules, "ex01_bytes", raising=False)


def unavailable(folder) -> str:
    """Load exercise 1 from folder, which must fail; return the message."""
    with pytest.raises(ExerciseUnavailable) as excinfo:
        load_exercise(folder, EXERCISE, "exercises")
    return str(excinfo.value)


def write(folder, source: str) -> None:
    (folder / "ex01_bytes.py").write_text(source, encoding="utf-8")


def test_a_good_module_loads(tmp_path, kit):
    shutil.copy(kit.solutions / "ex01_bytes.py", tmp_path / "ex01_bytes.py")
    module = load_exercise(tmp_path, EXERCISE, "exercises")
    assert module.__file__ == str(tmp_path / "ex01_bytes.py")
    assert all(hasattr(module, name) for name in EXERCISE.names)
    assert sys.modules["ex01_bytes"] is module


def test_the_folder_goes_first_on_the_path_so_helpers_beside_the_module_import(tmp_path, kit):
    (tmp_path / "helper_for_test_loading.py").write_text("VALUE = 42\n")
    source = (kit.solutions / "ex01_bytes.py").read_text(encoding="utf-8")
    write(tmp_path, source + "\nimport helper_for_test_loading\n")
    try:
        module = load_exercise(tmp_path, EXERCISE, "exercises")
        assert module.helper_for_test_loading.VALUE == 42
        assert sys.path[0] == str(tmp_path)
    finally:
        sys.modules.pop("helper_for_test_loading", None)


def test_a_missing_file_says_which_file_and_folder(tmp_path):
    assert unavailable(tmp_path) == "there is no ex01_bytes.py in exercises/"


def test_a_syntax_error_names_the_file_line_and_reason_and_shows_the_code(tmp_path):
    write(tmp_path, '"""Exercise 1."""\n\ndef send_text(sock, text:\n    pass\n')
    lines = unavailable(tmp_path).splitlines()
    assert lines[0].startswith("exercises/ex01_bytes.py, line 3: ")
    assert lines[0].endswith("(SyntaxError)")
    assert "never closed" in lines[0] or "invalid syntax" in lines[0]
    assert lines[1] == "    def send_text(sock, text:"
    assert lines[2].strip() == "^"
    caret = lines[2].index("^") - 4
    assert 0 <= caret < len("def send_text(sock, text:")


def test_a_syntax_error_in_indented_code_points_where_python_does_in_the_unindented_line(tmp_path):
    source = "def send_text(sock, text):\n    return len(text) +\n"
    write(tmp_path, source)
    with pytest.raises(SyntaxError) as python_says:
        compile(source, "ex01_bytes.py", "exec")
    lines = unavailable(tmp_path).splitlines()
    assert lines[0] == f"exercises/ex01_bytes.py, line 2: {python_says.value.msg} (SyntaxError)"
    assert lines[1] == "    return len(text) +"
    indent = len("    ")
    assert lines[2] == "    " + " " * (python_says.value.offset - 1 - indent) + "^"


def test_an_indentation_error_says_so(tmp_path):
    write(tmp_path, "x = 1\n    y = 2\n")
    lines = unavailable(tmp_path).splitlines()
    assert lines[0] == "exercises/ex01_bytes.py, line 2: unexpected indent (IndentationError)"
    assert lines[1] == "    y = 2"


def test_an_exception_at_import_names_it_with_its_message_and_line(tmp_path):
    write(tmp_path, "import socket\n\nLIMIT = int('lots')\n")
    assert unavailable(tmp_path).splitlines() == [
        "importing exercises/ex01_bytes.py raised ValueError: invalid literal for int() with base 10: 'lots' at line 3",
        "    LIMIT = int('lots')",
    ]


def test_a_missing_import_at_import_time(tmp_path):
    write(tmp_path, "import no_such_module_for_test_loading\n")
    assert unavailable(tmp_path).splitlines()[0] == (
        "importing exercises/ex01_bytes.py raised ModuleNotFoundError: "
        "No module named 'no_such_module_for_test_loading' at line 1"
    )


def test_an_exception_without_a_message_is_named_alone(tmp_path):
    write(tmp_path, "x = 1\nraise RuntimeError()\n")
    assert unavailable(tmp_path).splitlines()[0] == "importing exercises/ex01_bytes.py raised RuntimeError at line 2"


def test_sys_exit_at_import_is_reported_not_raised(tmp_path):
    write(tmp_path, "import sys\nsys.exit(2)\n")
    assert unavailable(tmp_path).splitlines() == [
        "importing exercises/ex01_bytes.py called sys.exit(2) at line 2",
        "    sys.exit(2)",
    ]


def test_a_module_that_fails_to_import_is_not_left_in_sys_modules(tmp_path):
    write(tmp_path, "raise ValueError('no')\n")
    unavailable(tmp_path)
    assert "ex01_bytes" not in sys.modules


def test_a_missing_function_is_named(tmp_path, kit):
    source = (kit.solutions / "ex01_bytes.py").read_text(encoding="utf-8")
    write(tmp_path, source.replace("def iter_text(", "def iter_txt("))
    message = unavailable(tmp_path)
    assert message.startswith("exercises/ex01_bytes.py has no iter_text, which the checks need")
    assert "grade reset exercise-1" in message


def test_several_missing_names_are_listed_with_and(tmp_path):
    write(tmp_path, "def recv_text(sock):\n    return ''\n")
    message = unavailable(tmp_path)
    assert message.startswith("exercises/ex01_bytes.py has no MessageTooLargeError, send_text and iter_text,")


def test_a_file_with_a_null_byte_is_reported_without_line_none(tmp_path):
    (tmp_path / "ex01_bytes.py").write_bytes(b"x = 1\x00\n")
    message = unavailable(tmp_path)
    assert message.startswith("exercises/ex01_bytes.py")
    assert "line None" not in message


def test_a_module_that_changed_a_given_class_is_unavailable(tmp_path, kit):
    (tmp_path / "ex01_bytes.py").write_text(
        (kit.solutions / "ex01_bytes.py").read_text() + "\nMessageTooLargeError = BaseException\n"
    )
    message = unavailable(tmp_path)
    assert message.splitlines()[:2] == [
        "exercises/ex01_bytes.py changed what the exercise gives, which the checks rely on:",
        "  MessageTooLargeError is BaseException itself, not the class it is given as (class MessageTooLargeError(ValueError))",
    ]
    assert "grade reset exercise-1" in message
