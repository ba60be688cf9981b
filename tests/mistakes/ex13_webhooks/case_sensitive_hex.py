"""Compares the hex as sent, so a signature in upper case is refused."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "hex is case-insensitive"


def _signed(secret, headers, body, now):
    timestamp = headers.get("X-Webhook-Timestamp", "")
    given = headers.get("X-Webhook-Signature", "").removeprefix("sha256=")
    if not timestamp.isdigit():
        return False
    expected = hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()  # noqa: F405
    return hmac.compare_digest(expected.encode(), given.encode("utf-8")) and abs(now - int(timestamp)) <= 300  # noqa: F405


reference._signed = _signed
