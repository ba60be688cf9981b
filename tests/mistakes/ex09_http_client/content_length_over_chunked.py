"""read_response trusts Content-Length even when the body is chunked."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "the Content-Length is ignored"

_is_chunked = reference._is_chunked


def _is_chunked_unless_a_length(coding):
    return _is_chunked(coding) and not _headers_have_length[0]


_headers_have_length = [False]
_header_fields = reference._header_fields


def _remembering_header_fields(lines):
    headers = _header_fields(lines)
    _headers_have_length[0] = "content-length" in headers
    return headers


reference._is_chunked = _is_chunked_unless_a_length
reference._header_fields = _remembering_header_fields
