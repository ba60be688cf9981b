"""Sends every request without a timeout, as the tutorials do: a stalled server hangs the client."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "pass timeout=timeout to every request"

_correct_send = reference._send


def _send_without_timeout(session, method, url, timeout, **kwargs):
    try:
        return session.request(method, url, **kwargs)
    except requests.RequestException as exc:  # noqa: F405
        raise APIConnectionError(f"{method} {url}: the connection failed", url=url) from exc  # noqa: F405


reference._send = _send_without_timeout
