"""Puts the request's headers in error messages, to help debugging: the token ends up in every log."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "never the request's headers, the session's headers or the token"

_correct = reference._json_answer


def _json_answer(response, url, expected):
    try:
        return _correct(response, url, expected)
    except APIError as exc:  # noqa: F405
        raise type(exc)(f"{exc} (request headers: {dict(response.request.headers)})", status=exc.status, url=exc.url) from None


reference._json_answer = _json_answer
