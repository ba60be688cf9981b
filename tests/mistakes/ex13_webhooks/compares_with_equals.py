"""Compares the signatures with ==, whose time tells an attacker how much of a forged signature is right."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "`==` stops at the first character that differs"


def _signed(secret, headers, body, now):
    timestamp = headers.get("X-Webhook-Timestamp", "")
    given = headers.get("X-Webhook-Signature", "").removeprefix("sha256=").lower()
    if not timestamp.isdigit():
        return False
    expected = hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()  # noqa: F405
    return expected == given and abs(now - int(timestamp)) <= 300


reference._signed = _signed
