"""Always waits its own backoff, whatever Retry-After says."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "wait exactly that: the server knows when it will be ready"


class _NoRetryAfter:
    def __init__(self, response):
        self._response = response

    def __getattr__(self, name):
        return getattr(self._response, name)

    @property
    def headers(self):
        return {k: v for k, v in self._response.headers.items() if k.lower() != "retry-after"}


_correct = request_with_retries  # noqa: F405


def request_with_retries(session, method, url, policy=RetryPolicy(), *, sleep=time.sleep, rng=None, **kwargs):  # noqa: F405
    reference.parse_retry_after = lambda value, now=None: None
    return _correct(session, method, url, policy, sleep=sleep, rng=rng, **kwargs)
