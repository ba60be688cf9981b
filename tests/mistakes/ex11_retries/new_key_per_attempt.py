"""Makes a fresh Idempotency-Key for each attempt, so the server cannot tell a repeat from a new request."""

import uuid

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "send the caller's headers, key included, unchanged every time"


class _FreshKeys(dict):
    """Headers whose Idempotency-Key changes every time requests reads them."""

    def items(self):
        return [(k, str(uuid.uuid4()) if k.lower() == "idempotency-key" else v) for k, v in super().items()]


_correct = request_with_retries  # noqa: F405


def request_with_retries(session, method, url, policy=RetryPolicy(), *, sleep=time.sleep, rng=None, **kwargs):  # noqa: F405
    if kwargs.get("headers"):
        kwargs["headers"] = _FreshKeys(kwargs["headers"])
    return _correct(session, method, url, policy, sleep=sleep, rng=rng, **kwargs)
