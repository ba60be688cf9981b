"""Checks the timestamp against time.time() instead of the clock it was given."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "call the clock you were given, clock(), instead of time.time()"

_correct = create_app  # noqa: F405


def create_app(secret, clock=time.time, on_event=None):  # noqa: F405
    return _correct(secret, time.time, on_event)  # noqa: F405
