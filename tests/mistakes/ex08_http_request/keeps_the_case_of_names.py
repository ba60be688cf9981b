"""Keeps header names as they came, so 'HOST' and 'Host' are different fields."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "lower-case every header name"


def _field(line):
    name, colon, value = line.partition(b":")
    if not colon or not name or name.rstrip(b" \t") != name or line[:1] in (b" ", b"\t"):
        raise HTTPParseError(400, f"bad header line {line!r}")  # noqa: F405
    return name.decode("ascii"), value.strip(b" \t").decode("latin-1")


def _header_fields(lines):
    headers, hosts = {}, 0
    for line in lines:
        name, value = _field(line)
        hosts += name.lower() == "host"
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers, hosts


reference._field = _field
reference._header_fields = _header_fields
