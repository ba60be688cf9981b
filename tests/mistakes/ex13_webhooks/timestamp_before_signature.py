"""Checks the (unsigned) timestamp's age before the signature, with int(): a timestamp that is not a number crashes it."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "test timestamp.isdigit() before int(timestamp)"

_correct = reference._signed


def _signed(secret, headers, body, now):
    if abs(now - int(headers.get("X-Webhook-Timestamp", "0"))) > 300:  # ValueError for 'soon': a 500
        return False
    return _correct(secret, headers, body, now)


reference._signed = _signed
