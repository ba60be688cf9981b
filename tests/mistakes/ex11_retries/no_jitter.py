"""Waits the capped exponential backoff itself: every client retries at the same moment."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "not the cap itself (no jitter)"


def backoff_delay(policy, retry_number, rng):
    return min(policy.max_backoff, policy.backoff * 2**retry_number)
