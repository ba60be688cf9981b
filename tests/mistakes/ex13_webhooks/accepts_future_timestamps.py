"""Refuses only old timestamps: one far in the future passes (and keeps a captured delivery valid for long)."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "in the past or the future"

_correct = reference._signed


def _signed(secret, headers, body, now):
    timestamp = headers.get("X-Webhook-Timestamp", "")
    shifted = now if timestamp.isdigit() and int(timestamp) > now else now  # the future never counts as too far
    if timestamp.isdigit() and int(timestamp) > now:
        shifted = int(timestamp)
    return _correct(secret, headers, body, shifted)


reference._signed = _signed
