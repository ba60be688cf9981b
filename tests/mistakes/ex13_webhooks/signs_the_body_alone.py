"""Verifies an HMAC of the body alone: genuine deliveries are refused, and a replay with a new timestamp passes."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "f'{timestamp}.'.encode() + body"


def _signed(secret, headers, body, now):
    timestamp = headers.get("X-Webhook-Timestamp", "")
    given = headers.get("X-Webhook-Signature", "").removeprefix("sha256=").lower()
    if not timestamp.isdigit():
        return False
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()  # noqa: F405
    return hmac.compare_digest(expected.encode(), given.encode("utf-8")) and abs(now - int(timestamp)) <= 300  # noqa: F405


reference._signed = _signed
