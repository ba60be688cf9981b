"""The given names of an exercise, compared with the kit's own copy when a module loads.

Given classes and constants (an exercise's `given` names) are complete in the stub; the
checks rely on them as they are. A learner module that changes one would be graded against
something else: `MessageTooLargeError = BaseException` makes a check that expects the error
also catch the timer's interruption, so a function that loops forever would pass. So every
given name is compared with the kit's own, pristine copy (the reference solution, loaded
under a private name) before any check runs:

- a class must have the same name and the same ancestry (the same classes of Python itself,
  and classes of the module's own by name, in the same order); a NamedTuple the same fields
  and defaults; a dataclass the same fields, defaults and frozenness; a class with its own
  `__init__` must have the same public attributes when built from the same arguments;
- a struct.Struct must have the same format; any other constant the same type and value.

What the comparison finds is said in words, for a learner who changed a given class without
meaning to.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import inspect
import struct
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from ..catalog import Exercise
from ..kit import find_kit

PRISTINE_PREFIX = "netlings_pristine_"
SAMPLES = {"bytes": b"sample", "int": 7, "str": "sample", "float": 0.5, "bool": True}  # by annotation


def pristine_module(exercise: Exercise) -> ModuleType | None:
    """The kit's own copy of the exercise module (from solutions/), or None if the kit has none."""
    name = PRISTINE_PREFIX + exercise.module
    if name in sys.modules:
        return sys.modules[name]
    kit = find_kit()
    path = kit.solutions / exercise.filename if kit else Path()
    if kit is None or not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception:  # noqa: BLE001 - without a copy to compare with, nothing is compared
        del sys.modules[name]
        return None
    return module


def changes(module: ModuleType, pristine: ModuleType, names: tuple[str, ...]) -> list[str]:
    """One sentence for each given name that `module` has changed, in the order of `names`."""
    found = []
    for name in names:
        if hasattr(pristine, name) and hasattr(module, name):
            problem = _compare(getattr(module, name), getattr(pristine, name), module, pristine)
            if problem:
                found.append(f"{name} {problem}")
    return found


def _compare(value: Any, original: Any, module: ModuleType, pristine: ModuleType) -> str | None:
    if isinstance(original, type):
        return _compare_class(value, original, module, pristine)
    if isinstance(original, struct.Struct):
        if not isinstance(value, struct.Struct):
            return f"is {_described(value)}, not the struct.Struct({original.format!r}) it is given as"
        if value.format != original.format:
            return f"has the format {value.format!r}, not {original.format!r} as given"
        return None
    if callable(original):
        return None
    if type(value) is not type(original) or value != original:
        return f"is {value!r}, not {original!r} as given"
    return None


def _compare_class(cls: Any, original: type, module: ModuleType, pristine: ModuleType) -> str | None:
    given = _class_line(original)
    if not isinstance(cls, type):
        return f"is {_described(cls)}, not the class it is given as ({given})"
    if cls.__name__ != original.__name__:
        return f"is {cls.__name__} itself, not the class it is given as ({given})"
    if not _same_ancestry(cls, original, module, pristine):
        return f"is `{_class_line(cls)}`, not `{given}` as given"
    return _compare_fields(cls, original)


def _same_ancestry(cls: type, original: type, module: ModuleType, pristine: ModuleType) -> bool:
    ours, theirs = cls.__mro__, original.__mro__
    if len(ours) != len(theirs):
        return False
    for mine, kit in zip(ours, theirs):
        if _defined_in(kit, pristine):  # a class of the exercise's own: the module's class of that name
            if mine.__name__ != kit.__name__ or not (_defined_in(mine, module) or mine is cls):
                return False
        elif mine is not kit:
            return False
    return True


def _defined_in(cls: type, module: ModuleType) -> bool:
    return getattr(module, cls.__name__, None) is cls


def _compare_fields(cls: type, original: type) -> str | None:
    if hasattr(original, "_fields"):  # a NamedTuple
        if getattr(cls, "_fields", None) != original._fields:
            return f"has the fields {getattr(cls, '_fields', ())}, not {original._fields} as given"
        if getattr(cls, "_field_defaults", {}) != original._field_defaults:
            return f"has the defaults {getattr(cls, '_field_defaults', {})}, not {original._field_defaults} as given"
        return None
    if dataclasses.is_dataclass(original):
        return _compare_dataclass(cls, original)
    if "__init__" in vars(original):
        return _compare_construction(cls, original)
    return None


def _compare_dataclass(cls: type, original: type) -> str | None:
    if not dataclasses.is_dataclass(cls):
        return "is not the dataclass it is given as"
    ours = [(f.name, _default_of(f)) for f in dataclasses.fields(cls)]
    theirs = [(f.name, _default_of(f)) for f in dataclasses.fields(original)]
    if ours != theirs:
        return f"has the fields and defaults {_fields_line(ours)}, not {_fields_line(theirs)} as given"
    if cls.__dataclass_params__.frozen != original.__dataclass_params__.frozen:
        return "is frozen" if cls.__dataclass_params__.frozen else "is not frozen, as it is given"
    return None


def _default_of(field: dataclasses.Field) -> Any:
    if field.default is not dataclasses.MISSING:
        return field.default
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return dataclasses.MISSING


def _fields_line(fields: list[tuple[str, Any]]) -> str:
    return "(" + ", ".join(name if default is dataclasses.MISSING else f"{name}={default!r}" for name, default in fields) + ")"


def _compare_construction(cls: type, original: type) -> str | None:
    """Built from the same arguments, the class has the public attributes of the given one.

    Only their names are compared: how a given exception is built is not always part of the
    contract, and an instance the learner's code builds is judged by the checks anyway.
    """
    args = _sample_arguments(original)
    if args is None:
        return None
    try:
        kit_instance = original(*args)
        instance = cls(*args)
    except Exception:  # noqa: BLE001 - built some other way: nothing to compare it by
        return None
    for name in vars(kit_instance):
        if not name.startswith("_") and not hasattr(instance, name):
            return f"has no .{name}, which the given class has"
    return None


_MISSING = object()


def _sample_arguments(cls: type) -> list | None:
    """Positional arguments for the parameters without defaults, chosen by their annotations."""
    try:
        signature = inspect.signature(cls.__init__, eval_str=True)
    except (TypeError, ValueError, NameError):
        return None
    args = []
    for parameter in list(signature.parameters.values())[1:]:
        if parameter.kind not in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
            continue
        if parameter.default is not parameter.empty:
            continue
        annotation = getattr(parameter.annotation, "__name__", str(parameter.annotation))
        if annotation not in SAMPLES:
            return None
        args.append(SAMPLES[annotation])
    return args


def _class_line(cls: type) -> str:
    bases = ", ".join(base.__name__ for base in cls.__bases__)
    return f"class {cls.__name__}({bases})"


def _described(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:60] + "…"
