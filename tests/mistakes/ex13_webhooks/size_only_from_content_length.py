"""Trusts Content-Length for the size check and then reads the whole body: a chunked body has none."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "a chunked request has no Content-Length"


def _body_within_limit():
    if request.content_length is not None and request.content_length > MAX_BODY:  # noqa: F405
        return None
    return request.get_data()  # noqa: F405 - however long it is


reference._body_within_limit = _body_within_limit
