"""Catches requests.ConnectionError first, so a ConnectTimeout (which is both) is a connection error."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "catch requests.Timeout first"


def _send(session, method, url, timeout, **kwargs):
    try:
        return session.request(method, url, timeout=timeout, **kwargs)
    except requests.ConnectionError as exc:  # noqa: F405 - ConnectTimeout lands here
        if reference._timed_out(exc) and not isinstance(exc, requests.ConnectTimeout):  # noqa: F405
            raise APITimeoutError(f"{method} {url}: the body stopped arriving", url=url) from exc  # noqa: F405
        raise APIConnectionError(f"{method} {url}: the connection failed", url=url) from exc  # noqa: F405
    except requests.Timeout as exc:  # noqa: F405
        raise APITimeoutError(f"{method} {url}: no answer within {timeout:g} s", url=url) from exc  # noqa: F405


reference._send = _send
