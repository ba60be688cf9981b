"""HTTP/1.1 bytes for the kit's own peers: where a request ends, and responses built by hand.

The raw HTTP peers need to know when a learner's request has fully arrived (to answer it, and
no sooner), and to send responses that a framework would never produce: chunks of any size
with extensions and trailers, upper-case hex, a Content-Length that lies, no reason phrase.
This is the kit's code, trusted by the checks, so it is lenient where a learner's parser must
be strict: it only needs to frame well-formed requests from the learner's client.

    response(200, "OK", [("Content-Length", "5")], b"hello")
    response(200, "OK", [("Transfer-Encoding", "chunked")], chunked(b"hel", b"lo", trailers=[("T", "1")]))
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEAD_END = re.compile(rb"\r?\n\r?\n")


@dataclass(frozen=True)
class WireRequest:
    """A well-formed request taken apart, header lines kept as sent (names in their own case)."""

    method: str
    target: str
    version: str
    fields: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> list[str]:
        """The values of every line named `name` (in any case)."""
        return [value for field, value in self.fields if field.lower() == name.lower()]


def split_request(data: bytes) -> WireRequest | None:
    """The first request in `data`, taken apart leniently; None if it is not even that.

    For judging what a client sent (the kit's own oracle, used on bytes from learner code and
    from real clients); a learner's parser must be stricter.
    """
    length = request_length(data)
    end = HEAD_END.search(data)
    if length is None or end is None:
        return None
    lines = data[: end.start()].decode("latin-1").replace("\r\n", "\n").split("\n")
    parts = lines[0].split(" ")
    if len(parts) != 3:
        return None
    fields = []
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if not colon:
            return None
        fields.append((name, value.strip(" \t")))
    raw_body = data[end.end() : length]
    chunked_ = any(n.lower() == "transfer-encoding" and "chunked" in v.lower() for n, v in fields)
    return WireRequest(parts[0], parts[1], parts[2], tuple(fields), _dechunk(raw_body) if chunked_ else raw_body)


def _dechunk(data: bytes) -> bytes:
    body, pos = b"", 0
    while True:
        line_end = data.find(b"\n", pos)
        size = int(data[pos:line_end].split(b";")[0].strip(), 16)
        if size == 0:
            return body
        body += data[line_end + 1 : line_end + 1 + size]
        pos = line_end + 1 + size + 2


def request_length(data: bytes) -> int | None:
    """How many bytes at the start of `data` make one whole request, or None while it is incomplete.

    A request that cannot be framed (a Content-Length that is not a number) counts as whole at
    the end of its head, so the peer can answer (and the check can tell what arrived).
    """
    end = HEAD_END.search(data)
    if end is None:
        return None
    head = data[: end.start()].lower()
    fields = dict(_fields(head))
    if b"chunked" in fields.get(b"transfer-encoding", b""):
        return _chunked_length(data, end.end())
    length = fields.get(b"content-length", b"0").strip()
    if not length.isdigit():
        return end.end()
    total = end.end() + int(length)
    return total if len(data) >= total else None


def _fields(head: bytes):
    for line in head.split(b"\n")[1:]:
        name, _, value = line.rstrip(b"\r").partition(b":")
        yield name.strip(), value.strip()


def _chunked_length(data: bytes, pos: int) -> int | None:
    while True:
        line_end = data.find(b"\n", pos)
        if line_end < 0:
            return None
        size_text = data[pos:line_end].split(b";")[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return line_end + 1
        pos = line_end + 1
        if size == 0:
            while True:  # trailer lines, up to the blank line
                line_end = data.find(b"\n", pos)
                if line_end < 0:
                    return None
                blank = not data[pos:line_end].strip()
                pos = line_end + 1
                if blank:
                    return pos
        pos += size + 2
        if len(data) < pos:
            return None


def response(status: int, reason: str = "", headers: list[tuple[str, str]] = (), body: bytes = b"",
             *, version: str = "HTTP/1.1") -> bytes:
    """The bytes of a response, exactly as given: nothing is added (not even a Content-Length).

    An empty reason leaves the status line as `HTTP/1.1 204 ` (the space stays, as RFC 9112 has it).
    """
    lines = [f"{version} {status} {reason}"]
    lines += [f"{name}: {value}" for name, value in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def chunked(*chunks: bytes, extensions: dict[int, str] | None = None, trailers: list[tuple[str, str]] = (),
            upper: bool = False) -> bytes:
    """A chunked body: each chunk's size in hex (upper-case with `upper`), then the last chunk.

    `extensions` maps a chunk's index (len(chunks) for the last chunk) to the text after its
    size, such as ";name=value".
    """
    extensions = extensions or {}
    body = b""
    for index, chunk in enumerate(chunks):
        size = f"{len(chunk):X}" if upper else f"{len(chunk):x}"
        body += f"{size}{extensions.get(index, '')}\r\n".encode("latin-1") + chunk + b"\r\n"
    body += f"0{extensions.get(len(chunks), '')}\r\n".encode("latin-1")
    body += b"".join(f"{name}: {value}\r\n".encode("latin-1") for name, value in trailers)
    return body + b"\r\n"
