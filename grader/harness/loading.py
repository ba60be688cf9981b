"""Import an exercise module from a folder, and say in plain words why it would not import.

The folder is the learner's `exercises/`, the kit's `solutions/` or a student's submission:
only the folder changes, never the checks. The folder goes first on sys.path, so a module may
import helper modules that sit beside it.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import traceback
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from ..catalog import Exercise, by_module
from .given import changes, pristine_module
from .interrupt import CheckTimeout

if TYPE_CHECKING:
    from .learners import Learner, LearnerModule


class ExerciseUnavailable(Exception):
    """The exercise module is missing, does not import, or lacks names the checks need."""


class ImplFolder:
    """The folder under check, and the modules imported from it (each once per run).

    `shown` is how messages name the folder (relative to the kit where it lies inside it).
    `on_unavailable(message)` is called once for each module that cannot be checked.
    """

    def __init__(self, path: Path, kit_root: Path) -> None:
        self.kit_root = kit_root
        self.path = path.resolve()
        try:
            self.shown = self.path.relative_to(kit_root.resolve()).as_posix()
        except ValueError:
            self.shown = str(self.path)
        self._loaded: dict[str, LearnerModule | ExerciseUnavailable] = {}
        self.learners: dict[str, Learner] = {}
        self.on_unavailable = lambda message: None

    def load(self, module: str) -> LearnerModule:
        """The module, imported in a learner process of its own (learners.py)."""
        if module not in self._loaded:
            exercise = by_module(module)
            if exercise is None:
                raise LookupError(f"no exercise in the catalog has the module {module!r}")
            try:
                self._loaded[module] = self._start(exercise)
            except ExerciseUnavailable as exc:
                self._loaded[module] = exc
                self.on_unavailable(str(exc))
        loaded = self._loaded[module]
        if isinstance(loaded, ExerciseUnavailable):
            raise ExerciseUnavailable(str(loaded)) from None  # afresh: the first one's traceback is long
        return loaded

    def _start(self, exercise: Exercise) -> LearnerModule:
        from .learners import Learner, LearnerModule

        if not (self.path / exercise.filename).is_file():
            raise ExerciseUnavailable(f"there is no {exercise.filename} in {self.shown}/")
        pristine = pristine_module(exercise)
        learner = self.learners[exercise.module] = Learner(exercise, self.path, self.shown, pristine, self.kit_root)
        try:
            learner.current()
        except CheckTimeout as exc:
            learner.close()
            raise ExerciseUnavailable(describe_import_error(exc, self.path, f"{self.shown}/{exercise.filename}")) from None
        return LearnerModule(learner)

    def close(self) -> None:
        for learner in self.learners.values():
            learner.close()


def load_exercise(folder: Path, exercise: Exercise, shown_folder: str, pristine: ModuleType | None = None) -> ModuleType:
    """Import `exercise.module` from `folder`; `shown_folder` is how messages name the folder.

    The given names are compared with `pristine`, the kit's copy of the module (by default the
    reference solution; the learner's process, which cannot see it, is handed the stub).
    """
    path = folder / exercise.filename
    shown_as = f"{shown_folder}/{exercise.filename}"
    if not path.is_file():
        raise ExerciseUnavailable(f"there is no {exercise.filename} in {shown_folder}/")
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    spec = importlib.util.spec_from_file_location(exercise.module, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[exercise.module] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        sys.modules.pop(exercise.module, None)
        raise ExerciseUnavailable(describe_syntax_error(exc, shown_as)) from None
    except BaseException as exc:  # noqa: BLE001 - anything at import time is the module's fault
        sys.modules.pop(exercise.module, None)
        raise ExerciseUnavailable(describe_import_error(exc, path, shown_as)) from None
    missing = [name for name in exercise.names if not hasattr(module, name)]
    if missing:
        sys.modules.pop(exercise.module, None)
        raise ExerciseUnavailable(describe_missing(missing, exercise, shown_as))
    pristine = pristine if pristine is not None else pristine_module(exercise)
    changed = changes(module, pristine, exercise.given) if pristine is not None else []
    if changed:
        sys.modules.pop(exercise.module, None)
        raise ExerciseUnavailable(describe_changed(changed, exercise, shown_as))
    return module


def describe_syntax_error(exc: SyntaxError, shown_as: str) -> str:
    where = shown_as if exc.filename in (None, "<unknown>") else _shown(exc.filename, shown_as)
    line = f", line {exc.lineno}" if exc.lineno else ""
    lines = [f"{where}{line}: {exc.msg} ({type(exc).__name__})"]
    if exc.text:
        code = exc.text.rstrip("\n")
        stripped = code.lstrip()
        lines.append("    " + stripped)
        if exc.offset:
            caret = max(exc.offset - 1 - (len(code) - len(stripped)), 0)
            lines.append("    " + " " * caret + "^")
    return "\n".join(lines)


def describe_import_error(exc: BaseException, path: Path, shown_as: str) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if _same_file(f.filename, path)]
    where = f" at line {frames[-1].lineno}" if frames else ""
    advice = ""
    if isinstance(exc, CheckTimeout):
        what = f"did not finish within {exc.seconds:g} s"
        advice = (
            "does the module run a loop or wait for the network when it is imported? Put such "
            'code in a function, or under `if __name__ == "__main__":`'
        )
    elif isinstance(exc, SystemExit):
        what = f"called sys.exit({exc.code!r})"
    else:
        message = str(exc)
        what = f"raised {type(exc).__name__}" + (f": {message}" if message else "")
    lines = [f"importing {shown_as} {what}{where}"]
    if frames and frames[-1].line:
        lines.append("    " + frames[-1].line)
    if advice:
        lines.append(advice)
    return "\n".join(lines)


def describe_missing(missing: list[str], exercise: Exercise, shown_as: str) -> str:
    needed = ", ".join(exercise.names)
    return (
        f"{shown_as} has no {_and(missing)}, which the checks need (they use {needed}). "
        f"Was it renamed or deleted? `grade reset {exercise.id}` brings back the original "
        f"and keeps a copy of your file."
    )


def describe_changed(changed: list[str], exercise: Exercise, shown_as: str) -> str:
    lines = [f"{shown_as} changed what the exercise gives, which the checks rely on:"]
    lines += [f"  {change}" for change in changed]
    lines.append(
        "Given classes and constants are part of the exercise: put them back as they were, or "
        f"`grade reset {exercise.id}` brings back the original (your file is kept as a backup)."
    )
    return "\n".join(lines)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _same_file(filename: str, path: Path) -> bool:
    try:
        return os.path.samefile(filename, path)
    except OSError:
        return False


def _shown(filename: str, shown_as: str) -> str:
    return shown_as if os.path.basename(filename) == os.path.basename(shown_as) else filename
