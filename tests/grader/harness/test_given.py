"""Given names compared with the kit's own copy: what counts as changed, and how it is said."""

import dataclasses
import struct
import types
from typing import NamedTuple

from grader.catalog import find
from grader.harness.given import changes, pristine_module


def module(**names) -> types.ModuleType:
    made = types.ModuleType("learner")
    for name, value in names.items():
        setattr(made, name, value)
        if isinstance(value, type):
            value.__module__ = "learner"
    return made


class Base(Exception):
    pass


def given_module():
    class IncompleteError(ConnectionError):
        def __init__(self, partial: bytes, expected: int) -> None:
            super().__init__("cut")
            self.partial, self.expected = partial, expected

    class Child(Base):
        pass

    class Point(NamedTuple):
        x: int
        y: int = 0

    @dataclasses.dataclass(frozen=True)
    class Policy:
        attempts: int = 4
        statuses: frozenset = frozenset({429, 503})

    return module(
        IncompleteError=IncompleteError, Base=Base, Child=Child, Point=Point, Policy=Policy,
        LAYOUT=struct.Struct("!IHh"), LIMIT=16, NAME="API_TOKEN",
    )


NAMES = ("IncompleteError", "Base", "Child", "Point", "Policy", "LAYOUT", "LIMIT", "NAME")


def test_a_faithful_copy_changes_nothing():
    assert changes(given_module(), given_module(), NAMES) == []


def test_a_class_replaced_by_a_broader_one_is_a_change():
    learner = given_module()
    learner.IncompleteError = BaseException
    assert changes(learner, given_module(), NAMES) == [
        "IncompleteError is BaseException itself, not the class it is given as (class IncompleteError(ConnectionError))"
    ]


def test_another_base_is_a_change():
    learner = given_module()

    class IncompleteError(Exception):
        def __init__(self, partial, expected):
            self.partial, self.expected = partial, expected

    learner.IncompleteError = IncompleteError
    (change,) = changes(learner, given_module(), NAMES)
    assert change == "IncompleteError is `class IncompleteError(Exception)`, not `class IncompleteError(ConnectionError)` as given"


def test_an_extra_base_is_a_change():
    learner = given_module()

    class IncompleteError(ConnectionError, KeyboardInterrupt):
        pass

    learner.IncompleteError = IncompleteError
    assert changes(learner, given_module(), ("IncompleteError",))


def test_a_base_of_the_module_s_own_is_compared_by_name():
    learner = given_module()  # its Child derives from the same Base, which both modules define
    assert changes(learner, given_module(), ("Child",)) == []

    class Child(ValueError):
        pass

    learner.Child = Child
    assert changes(learner, given_module(), ("Child",))


def test_the_attributes_of_an_instance_are_compared_by_name():
    learner = given_module()

    class IncompleteError(ConnectionError):
        def __init__(self, partial, expected):
            self.partial = partial  # and no .expected

    learner.IncompleteError = IncompleteError
    assert changes(learner, given_module(), ("IncompleteError",)) == [
        "IncompleteError has no .expected, which the given class has"
    ]


def test_a_class_built_another_way_is_not_a_change():
    learner = given_module()

    class IncompleteError(ConnectionError):
        def __init__(self, expected, partial=b""):
            super().__init__("cut")
            self.partial, self.expected = partial, expected

    learner.IncompleteError = IncompleteError
    assert changes(learner, given_module(), ("IncompleteError",)) == []


def test_named_tuple_fields_and_dataclass_defaults_are_compared():
    learner = given_module()

    class Point(NamedTuple):
        x: int
        z: int = 0

    @dataclasses.dataclass(frozen=True)
    class Policy:
        attempts: int = 3
        statuses: frozenset = frozenset({429, 503})

    learner.Point, learner.Policy = Point, Policy
    assert changes(learner, given_module(), ("Point", "Policy")) == [
        "Point has the fields ('x', 'z'), not ('x', 'y') as given",
        "Policy has the fields and defaults (attempts=3, statuses=frozenset({429, 503})), not "
        "(attempts=4, statuses=frozenset({429, 503})) as given",
    ]


def test_constants_must_keep_their_type_and_value():
    learner = given_module()
    learner.LAYOUT, learner.LIMIT, learner.NAME = struct.Struct("IHh"), 16.0, "API_TOKEN"
    assert changes(learner, given_module(), NAMES) == [
        "LAYOUT has the format 'IHh', not '!IHh' as given",
        "LIMIT is 16.0, not 16 as given",
    ]


def test_the_kit_s_own_copy_is_the_solution_loaded_under_a_private_name():
    exercise = find("exercise-2")
    pristine = pristine_module(exercise)
    assert pristine.__name__ == "netlings_pristine_ex02_fixed"
    assert pristine.READING.format == "!IHh"
    assert pristine_module(exercise) is pristine  # loaded once
