"""Lets the backoff grow without max_backoff: the tenth retry waits up to 51 s."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "cap = min(policy.max_backoff, policy.backoff * 2 ** retry_number)"


def backoff_delay(policy, retry_number, rng):
    return rng.uniform(0, policy.backoff * 2**retry_number)
