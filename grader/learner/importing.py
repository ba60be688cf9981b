"""Import the learner's module in the learner's process, and say why it cannot be checked.

The kit's own words for a module that is missing, does not import or lacks a name come from
loading.py, as in any run. Two things more are judged here: the given names are compared with
the stub (the learner's process has no solutions to compare with), and a function or class the
checks need must come from a file of the learner's folder: a module that takes its functions
from anywhere else (the kit's solutions, say) is not credited for them.
"""

from __future__ import annotations

import inspect
import os
import sys
from pathlib import Path
from types import ModuleType

from ..catalog import Exercise
from ..harness.loading import ExerciseUnavailable, load_exercise

PRISTINE_PREFIX = "netlings_given_"


def stub_module(exercise: Exercise, source: str) -> ModuleType:
    """The exercise's stub, imported under a private name: the kit's copy of the given names."""
    name = PRISTINE_PREFIX + exercise.module
    module = ModuleType(name)
    module.__file__ = f"<the stub of {exercise.filename}>"
    sys.modules[name] = module
    exec(compile(source, module.__file__, "exec"), module.__dict__)  # noqa: S102 - the kit's own stub
    return module


def import_learner_module(folder: Path, exercise: Exercise, shown_folder: str, stub: ModuleType) -> ModuleType:
    module = load_exercise(folder, exercise, shown_folder, pristine=stub)
    borrowed = [f"{name} comes from {where}" for name in exercise.todo
                if (where := _origin_outside(getattr(module, name), folder)) is not None]
    if borrowed:
        sys.modules.pop(exercise.module, None)
        raise ExerciseUnavailable(
            f"{shown_folder}/{exercise.filename} does not write {', '.join(borrowed)}, not from a file in "
            f"{shown_folder}/: only code of your own counts. Write the function in {exercise.filename} "
            "(helper modules beside it are fine)."
        )
    return module


def _origin_outside(value, folder: Path) -> str | None:
    """Where a function or class was written, when that is not a file inside `folder`."""
    target = inspect.unwrap(value) if callable(value) else value
    if inspect.isclass(target):
        filename = getattr(sys.modules.get(target.__module__), "__file__", None) or "<unknown>"
    elif inspect.isfunction(target):
        filename = target.__code__.co_filename
    else:
        return None
    root = os.path.realpath(folder) + os.sep
    if filename.startswith("<") or not os.path.realpath(filename).startswith(root):
        return filename if not filename.startswith("<") else f"code made at run time ({filename})"
    return None
