"""Calls .json() on whatever comes back, before looking at the status or the content type."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "check the answer before calling .json()"

_correct = reference._json_answer


def _json_first(response, url, expected):
    data = response.json()  # an HTML page raises JSONDecodeError here, and it escapes
    _correct(response, url, expected)
    return data


reference._json_answer = _json_first
