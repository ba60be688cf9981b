"""Caps a long Retry-After at max_retry_after and retries early, instead of giving up."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "rather than waiting less than the server asked"

_correct = parse_retry_after  # noqa: F405


def _capped(value, now=None):
    wait = _correct(value, now)
    return None if wait is None else min(wait, RetryPolicy().max_retry_after)  # noqa: F405


reference.parse_retry_after = _capped
