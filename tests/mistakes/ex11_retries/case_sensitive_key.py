"""Looks for the key with `"Idempotency-Key" in headers`, missing 'idempotency-key'."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "HTTP header names are case-insensitive"

reference._has_idempotency_key = lambda session, headers: "Idempotency-Key" in (headers or {})
