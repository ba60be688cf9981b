"""Reads delay-seconds with int(), which also takes '+5', '5_000' and ' 7'."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "int() and float() also accept '+5'"

_correct = parse_retry_after  # noqa: F405


def parse_retry_after(value, now=None):
    try:
        return float(int(value))
    except ValueError:
        return _correct(value, now)
