"""build_request compares the caller's header names with its own case-sensitively, so 'host' doubles Host."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "compare them with .lower()"


def build_request(method, host, path="/", headers=None, body=b""):
    given = dict(headers or {})
    for name, value in [("Host", host), *given.items()]:
        if any(c in f"{name}{value}" for c in "\r\n"):
            raise ValueError("CR or LF in a header")
    defaults = {"Host": host, **({"Content-Length": str(len(body))} if body else {}), "Connection": "close"}
    lines = [f"{method} {path} HTTP/1.1"]
    lines += [f"{n}: {v}" for n, v in defaults.items() if n not in given]
    lines += [f"{n}: {v}" for n, v in given.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
