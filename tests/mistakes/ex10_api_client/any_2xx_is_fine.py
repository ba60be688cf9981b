"""Takes response.ok for a right answer: a 201 or 202 to a read, a 200 to a create, all trusted."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "response.ok (any status below 400) is not enough"

_correct = reference._json_answer


def _any_success(response, url, expected):
    return _correct(response, url, response.status_code if response.ok else expected)


reference._json_answer = _any_success
