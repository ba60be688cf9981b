"""Measures the head only once its blank line has arrived, so an endless head is waited for."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "instead of waiting for the rest"

_parse = reference._parse


def _patient(data, max_head, max_body):
    if reference._HEAD_END.search(data) is None:
        return None
    return _parse(data, max_head, max_body)


reference._parse = _patient
