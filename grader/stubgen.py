"""Make an exercise's stub from its reference solution.

The solution is the one source: the stub is the same module with the body of every function
the learner writes (the catalog's `todo` names, and the methods of `todo` classes) replaced by
its docstring and a friendly NotImplementedError, and private helpers (`_name` functions,
classes and constants) removed. The
module docstring (the instructions), imports, constants and given classes stay as they are.

This is how `exercises/` is written, how `grade reset` restores a stub, and how the kit's
tests get pristine stubs whatever a learner has done to `exercises/`.

    python -m grader.stubgen          # rewrite exercises/ from solutions/ (for kit developers)
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from .catalog import EXERCISES, Exercise

FunctionNode = (ast.FunctionDef, ast.AsyncFunctionDef)


def make_stub(source: str, exercise: Exercise) -> str:
    lines = source.splitlines(keepends=True)
    edits: list[tuple[int, int, list[str]]] = []  # (first line, last line, replacement), 1-based
    for node in ast.parse(source).body:
        if isinstance(node, FunctionNode) and node.name in exercise.todo:
            edits.append(_stub_body(node, node.name, lines, exercise))
        elif isinstance(node, ast.ClassDef) and node.name in exercise.todo:
            for member in node.body:
                if isinstance(member, FunctionNode) and _is_private(member.name):
                    edits.append(_removal(member, lines))
                elif isinstance(member, FunctionNode):
                    edits.append(_stub_body(member, f"{node.name}.{member.name}", lines, exercise))
        elif isinstance(node, (*FunctionNode, ast.ClassDef)) and _is_private(node.name):
            edits.append(_removal(node, lines))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and _assigns_only_private_names(node):
            edits.append(_removal(node, lines))
    for first, last, replacement in sorted(edits, reverse=True):
        lines[first - 1 : last] = replacement
    return re.sub(r"\n{4,}", "\n\n\n", "".join(lines)).rstrip() + "\n"


def _assigns_only_private_names(node) -> bool:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return all(isinstance(t, ast.Name) and _is_private(t.id) for t in targets)


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _stub_body(node, name: str, lines: list[str], exercise: Exercise) -> tuple[int, int, list[str]]:
    """Replace everything after the docstring (or the whole body) with a raise."""
    body = node.body
    shown = name.removesuffix(".__init__")
    message = f"{shown}() is not written yet: write it in exercises/{exercise.filename}"
    last = _last_line_of(node, lines)
    if body[0].lineno == node.lineno:  # `def f(x): return x`: split the one line in two
        header = lines[node.lineno - 1][: body[0].col_offset].rstrip()
        indent = " " * (node.col_offset + 4)
        return (node.lineno, last, [f"{header}\n", f"{indent}raise NotImplementedError({message!r})\n"])
    first = body[0].end_lineno + 1 if ast.get_docstring(node, clean=False) is not None else body[0].lineno
    indent = " " * body[0].col_offset
    return (first, last, [f"{indent}raise NotImplementedError({message!r})\n"])


def _last_line_of(node, lines: list[str]) -> int:
    """The node's last line, taking in comment lines indented under it (they may tell the answer)."""
    last = probe = node.end_lineno
    while probe < len(lines):
        text = lines[probe]
        if text.strip() and not text.lstrip().startswith("#"):
            break
        if text.strip() and len(text) - len(text.lstrip()) > node.col_offset:
            last = probe + 1
        elif text.strip():
            break
        probe += 1
    return last


def _removal(node, lines: list[str]) -> tuple[int, int, list[str]]:
    """Remove a definition with its decorators, the comment and blank lines right above it."""
    first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])
    while first > 1 and lines[first - 2].lstrip().startswith("#"):
        first -= 1
    while first > 1 and not lines[first - 2].strip():
        first -= 1
    return (first, _last_line_of(node, lines), [])


def write_stubs(solutions: Path, exercises: Path, only: tuple[Exercise, ...] = EXERCISES) -> list[Path]:
    written = []
    for exercise in only:
        source = (solutions / exercise.filename).read_text(encoding="utf-8")
        target = exercises / exercise.filename
        target.write_text(make_stub(source, exercise), encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    for path in write_stubs(root / "solutions", root / "exercises"):
        print(f"wrote {path.relative_to(root)}", file=sys.stderr)
