"""Treats a 429 like any other error status: raise_for_status() ends the iteration."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "on 429, wait what Retry-After says"


def _fetch(session, url, limiter, timeout):
    if limiter is not None:
        limiter.acquire()
    response = session.get(url, timeout=timeout)
    response.raise_for_status()
    return response


reference._fetch = _fetch
