"""build_request puts names and values into the request as they are, line breaks and all."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "header injection"


def build_request(method, host, path="/", headers=None, body=b""):
    given = dict(headers or {})
    lines = [f"{method} {path} HTTP/1.1"]
    replaced = {name.lower() for name in given}
    defaults = {"Host": host, **({"Content-Length": str(len(body))} if body else {}), "Connection": "close"}
    lines += [f"{n}: {v}" for n, v in defaults.items() if n.lower() not in replaced]
    lines += [f"{n}: {v}" for n, v in given.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
