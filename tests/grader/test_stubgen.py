"""make_stub(): a learner's stub from a made-up solution and a made-up catalog entry.

Todo functions and the methods of todo classes keep signature and docstring and raise a
friendly NotImplementedError; private helpers go, with the comment lines right above them;
the module docstring, imports, constants and given classes stay.
"""

import ast

import pytest

from grader.catalog import Exercise
from grader.stubgen import make_stub

EXERCISE = Exercise(
    number=9,
    module="ex09_demo",
    title="A demo",
    todo=("greet", "bare", "Counter"),
    given=("DemoError", "LIMIT"),
    hints=("a hint",),
)

SOLUTION = '''"""Exercise 9 · A demo

The instructions.
"""

import socket
from dataclasses import dataclass

LIMIT = 10


class DemoError(ValueError):
    """Given: raised when things go wrong."""

    def _detail(self):
        return "kept: a given class is not stubbed"


# A helper the learner does not get.
# Its comment goes with it.
def _helper(text):
    return text * 2



def greet(name: str, *, loud: bool = False) -> str:
    """Return a greeting for `name`.

    Spread over several lines.
    """
    # the secret sauce
    text = f"hello {name}"
    return text.upper() if loud else _helper(text)


def bare(a, b=2):
    return a + b


class Counter:
    """Counts things."""

    def __init__(self, start=0):
        """Start counting at `start`."""
        self.n = start

    def bump(self):
        """Add one."""
        self.n += 1
        return self._check()

    def _check(self):
        return self.n

    def __len__(self):
        return self.n


# Not for the learner either.
@dataclass
class _Private:
    x: int = 0
'''


def stub(source: str = SOLUTION) -> str:
    return make_stub(source, EXERCISE)


def definitions(source: str) -> dict[str, ast.AST]:
    """Every function and class in `source`, by qualified name."""
    found = {}
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            found[node.name] = node
            if isinstance(node, ast.ClassDef):
                found.update({f"{node.name}.{m.name}": m for m in node.body if isinstance(m, ast.FunctionDef)})
    return found


def raise_line(name: str) -> str:
    return f"raise NotImplementedError('{name}() is not written yet: write it in exercises/ex09_demo.py')"


def test_the_stub_compiles_and_ends_with_exactly_one_newline():
    text = stub()
    compile(text, "ex09_demo.py", "exec")
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_there_are_never_more_than_two_blank_lines_in_a_row():
    assert "\n\n\n\n" not in stub()


def test_a_todo_function_keeps_its_signature_and_docstring_and_raises():
    text = stub()
    assert (
        'def greet(name: str, *, loud: bool = False) -> str:\n'
        '    """Return a greeting for `name`.\n'
        "\n"
        "    Spread over several lines.\n"
        '    """\n'
        f"    {raise_line('greet')}\n"
    ) in text
    node = definitions(text)["greet"]
    assert ast.unparse(node.args) == ast.unparse(definitions(SOLUTION)["greet"].args)
    assert len(node.body) == 2


def test_the_solution_body_is_gone_with_its_comments():
    text = stub()
    assert "secret sauce" not in text
    assert "hello {name}" not in text
    assert "a + b" not in text


def test_a_function_without_a_docstring_gets_the_raise_as_its_whole_body():
    assert f"def bare(a, b=2):\n    {raise_line('bare')}\n" in stub()
    assert len(definitions(stub())["bare"].body) == 1


def test_a_todo_class_keeps_its_docstring_and_stubs_its_methods():
    text = stub()
    found = definitions(text)
    assert ast.get_docstring(found["Counter"]) == "Counts things."
    assert ast.get_docstring(found["Counter.__init__"]) == "Start counting at `start`."
    assert ast.get_docstring(found["Counter.bump"]) == "Add one."
    assert f"        {raise_line('Counter.bump')}\n" in text
    assert f"        {raise_line('Counter.__len__')}\n" in text


def test_the_init_message_names_the_class_as_a_call():
    assert f"        {raise_line('Counter')}\n" in stub()
    assert "Counter.__init__()" not in stub()


def test_private_methods_of_a_todo_class_disappear():
    assert "_check" not in stub()
    assert "Counter._check" not in definitions(stub())


def test_private_module_level_helpers_disappear_with_the_comments_above_them():
    text = stub()
    assert "_helper" not in text
    assert "A helper the learner does not get" not in text
    assert "Its comment goes with it" not in text
    assert "_Private" not in text
    assert "@dataclass" not in text
    assert "Not for the learner either" not in text


def test_a_comment_separated_from_a_private_helper_by_a_blank_line_stays():
    source = '"""Doc."""\n\n# About this module.\n\ndef _helper():\n    return 1\n\n\ndef greet():\n    return 2\n'
    text = stub(source)
    assert "# About this module." in text
    assert "_helper" not in text


def test_the_module_docstring_imports_constants_and_given_classes_stay():
    text = stub()
    assert text.startswith('"""Exercise 9 · A demo\n\nThe instructions.\n"""\n')
    assert "import socket\nfrom dataclasses import dataclass\n" in text
    assert "LIMIT = 10\n" in text
    assert 'class DemoError(ValueError):\n    """Given: raised when things go wrong."""\n' in text
    assert 'return "kept: a given class is not stubbed"' in text


def test_the_stub_raises_the_friendly_error_when_called():
    namespace = {}
    exec(compile(stub(), "ex09_demo.py", "exec"), namespace)
    with pytest.raises(NotImplementedError, match=r"^greet\(\) is not written yet: write it in exercises/ex09_demo.py$"):
        namespace["greet"]("ann")
    with pytest.raises(NotImplementedError, match=r"^Counter\(\) is not written yet"):
        namespace["Counter"]()
    assert issubclass(namespace["DemoError"], ValueError)
    assert namespace["LIMIT"] == 10


def test_async_todo_functions_are_stubbed_too():
    source = 'async def greet(reader):\n    """Greet."""\n    return await reader.read()\n'
    text = stub(source)
    assert text == f'async def greet(reader):\n    """Greet."""\n    {raise_line("greet")}\n'


def test_a_solution_without_anything_to_stub_is_unchanged():
    source = '"""Doc."""\n\nLIMIT = 1\n'
    assert stub(source) == source


def test_a_one_line_todo_function_is_stubbed_into_code_that_compiles():
    text = stub('"""Doc."""\n\n\ndef bare(a, b=2): return a + b\n')
    compile(text, "ex09_demo.py", "exec")
    assert "def bare(a, b=2):" in text


def test_comments_at_the_end_of_a_todo_function_do_not_leak_into_the_stub():
    text = stub('def bare(a, b=2):\n    """Add."""\n    return a + b\n    # the trick: add them\n\n\nLIMIT = 1\n')
    assert "the trick" not in text


def test_private_constants_disappear_and_public_ones_stay():
    source = '"""Doc."""\n\nimport re\n\nTOKEN = re.compile("x")\n_HEX = re.compile("[0-9a-f]+")  # internal\n_A = _B = 1\nLIMIT: int = 3\n_SIZE: int = 4\n\n\ndef greet():\n    return 2\n'
    text = stub(source)
    assert "TOKEN = " in text and "LIMIT: int = 3" in text
    assert "_HEX" not in text and "_A" not in text and "_SIZE" not in text
