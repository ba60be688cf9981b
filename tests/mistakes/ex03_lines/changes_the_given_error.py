"""Gives LineTooLongError another base class, so `except ValueError` in the caller misses it."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "LineTooLongError is `class LineTooLongError(Exception)`"


class LineTooLongError(Exception):
    """A line is longer than the reader's max_line."""
