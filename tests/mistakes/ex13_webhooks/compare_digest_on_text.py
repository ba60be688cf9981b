"""Compares the hex strings with hmac.compare_digest on str, which raises TypeError for non-ASCII text."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "compare_digest on str raises TypeError"


def _signed(secret, headers, body, now):
    timestamp = headers.get("X-Webhook-Timestamp", "")
    given = headers.get("X-Webhook-Signature", "").removeprefix("sha256=").lower()
    if not timestamp.isdigit():
        return False
    expected = hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()  # noqa: F405
    return hmac.compare_digest(expected, given) and abs(now - int(timestamp)) <= 300  # noqa: F405


reference._signed = _signed
