"""Retries every request, a POST without an Idempotency-Key too: a payment may be charged twice."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "repeating a POST may charge twice"

reference._has_idempotency_key = lambda session, headers: True
