"""Waits with time.sleep() instead of the sleep it was given."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "never time.sleep() directly"

_correct = request_with_retries  # noqa: F405


def request_with_retries(session, method, url, policy=RetryPolicy(), *, sleep=time.sleep, rng=None, **kwargs):  # noqa: F405
    return _correct(session, method, url, policy, sleep=time.sleep, rng=rng, **kwargs)  # noqa: F405
