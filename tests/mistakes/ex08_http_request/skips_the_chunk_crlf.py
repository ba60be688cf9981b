"""Skips the two bytes after each chunk's data without looking at them (h11's CVE-2025-43859 was this)."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "skipping them unread"


def _chunked(data, pos, max_body):
    body = bytearray()
    while True:
        line_end = data.find(b"\n", pos)
        if line_end < 0:
            return None
        if data[line_end - 1] != ord("\r"):
            raise HTTPParseError(400, "a chunk-size line must end with CRLF")  # noqa: F405
        size_text = bytes(data[pos : line_end - 1]).split(b";", 1)[0]
        if not reference._HEX.fullmatch(size_text):
            raise HTTPParseError(400, "not hex")  # noqa: F405
        size = int(size_text, 16)
        pos = line_end + 1
        if size == 0:
            return reference._trailers(data, pos, bytes(body))
        if len(data) < pos + size + 2:
            return None
        body += data[pos : pos + size]
        pos += size + 2  # the CRLF, unread


reference._chunked = _chunked
