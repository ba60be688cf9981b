"""Exercise 8 · Parsing an HTTP request

An HTTP/1.1 request is text up to a blank line, then a body of bytes (RFC 9112):

    POST /notes?draft=1 HTTP/1.1\\r\\n           the request line: method, target, version
    Host: example.com\\r\\n                      header fields, one per line: name, colon, value
    Content-Length: 5\\r\\n
    \\r\\n                                       a blank line ends the head
    hello                                      the body: exactly Content-Length bytes

A server must take such bytes apart exactly and refuse what is not HTTP, because what it
accepts by mistake, another server in front of it may read differently (that is how request
smuggling works). Every refusal is an `HTTPParseError` whose `.status` is the response a server
should send: 400 Bad Request unless said otherwise.

Write `parse_request(data, max_head=8192)`, which parses exactly one complete request and
returns a `Request`:

- Lines end with "\\r\\n"; a bare "\\n" is accepted too, in the head only.
- The request line is `METHOD SP target SP HTTP/x.y`, single spaces. The method is a *token*
  (letters, digits and ``!#$%&'*+-.^_`|~``); anything else is 400, and so is a version that is
  not of the form `HTTP/x.y` (`HTTP/2` has no minor version, so it is 400). A well-formed
  version other than HTTP/1.0 and HTTP/1.1 is 505 HTTP Version Not Supported.
- A header line is `name: value`. Names are compared case-insensitively: store them
  lower-cased. Strip spaces and tabs around the value (an empty value is fine). A name that
  appears several times gets its values joined with ", ". A line with no colon, an empty name,
  whitespace between the name and the colon, or a line that starts with a space or a tab (an
  obsolete "folded" continuation of the line before) is 400.
- An HTTP/1.1 request needs exactly one Host line (HTTP/1.0 needs none): else 400. A value may
  hold colons: `Host: example.com:8080`.
- The body: with `Content-Length`, exactly that many bytes; it must be all digits (`+5` and
  `-1` are 400), and several values that differ are 400. With `Transfer-Encoding: chunked`,
  the body comes in chunks: each is its size in hex (either case), optional `;extensions` to
  ignore, "\\r\\n", the bytes, "\\r\\n"; a chunk of size 0 ends it, followed by optional trailer
  fields (read them, but do not merge them into the headers) and a blank line. A chunk size that
  is not hex, or a chunk not followed by "\\r\\n", is 400 (no bare "\\n" here). Both
  Transfer-Encoding and Content-Length in one request is 400; a transfer coding other than
  chunked is 501 Not Implemented. With neither, there is no body.
- A head (the request line and header lines) longer than `max_head` bytes is 431 Request
  Header Fields Too Large.
- Too few bytes (no blank line yet, or a body shorter than announced) raise
  `IncompleteRequestError`; bytes left over after the request are 400.

Then write `RequestReader(sock, max_head=8192, max_body=1_048_576)`, whose `next_request()`
reads requests one after another from a socket (a client may send several in one piece, or
one in many pieces) and returns each as a `Request`: `None` when the client closes between
requests, `IncompleteRequestError` when it closes inside one, `HTTPParseError` with status 413
Content Too Large for a body over `max_body` (without reading it), and 431 as soon as a head
is known to be longer than `max_head` (a client that never ends its head must not make you
wait, or fill your memory). Keep a buffer: bytes after one request belong to the next.

Example:

    >>> parse_request(b"GET /search?q=tcp HTTP/1.1\\r\\nHost: example.com\\r\\nX-A: 1\\r\\nx-a: 2\\r\\n\\r\\n")
    Request(method='GET', target='/search?q=tcp', version='HTTP/1.1', headers={'host': 'example.com', 'x-a': '1, 2'}, body=b'')
    >>> parse_request(b"GET / HTTP/1.1\\r\\n\\r\\n")         # no Host line: its .status is 400
    HTTPParseError: an HTTP/1.1 request needs exactly one Host line, not 0

Check your work with `grade exercise-8`; stuck? `grade hint exercise-8`.
"""

import re
import socket
from dataclasses import dataclass

RECV_SIZE = 65_536
TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # RFC 9110, section 5.6.2
_VERSION = re.compile(rb"HTTP/([0-9])\.([0-9])")
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_HEX = re.compile(rb"[0-9A-Fa-f]+")
_DIGITS = re.compile(r"[0-9]+")
_WHITESPACE = b" \t"
_MAX_CHUNK_LINE = 4096  # bytes of a chunk-size line, extensions included


@dataclass
class Request:
    """A parsed request: header names lower-cased, repeated fields joined with ", "."""

    method: str
    target: str
    version: str
    headers: dict[str, str]
    body: bytes


class HTTPParseError(ValueError):
    """The bytes are not a valid request; `.status` is the response a server should send."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class IncompleteRequestError(HTTPParseError):
    """The request is not complete: the bytes (or the connection) ended inside it."""

    def __init__(self, message: str = "the request is incomplete") -> None:
        super().__init__(400, message)


def parse_request(data: bytes, max_head: int = 8192) -> Request:
    """Parse exactly one complete request from `data`."""
    parsed = _parse(data, max_head, max_body=None)
    if parsed is None:
        raise IncompleteRequestError(f"the request is incomplete after {len(data)} bytes")
    request, used = parsed
    if used != len(data):
        raise HTTPParseError(400, f"{len(data) - used} bytes after the end of the request")
    return request


class RequestReader:
    """Reads requests one after another from a socket."""

    def __init__(self, sock: socket.socket, max_head: int = 8192, max_body: int = 1_048_576) -> None:
        """Read requests from `sock`, refusing heads over `max_head` and bodies over `max_body` bytes."""
        self._sock = sock
        self._max_head = max_head
        self._max_body = max_body
        self._buffer = bytearray()

    def next_request(self) -> Request | None:
        """The next request, or None when the client closes between requests."""
        while True:
            parsed = _parse(self._buffer, self._max_head, self._max_body)
            if parsed is not None:
                request, used = parsed
                del self._buffer[:used]
                return request
            chunk = self._sock.recv(RECV_SIZE)
            if not chunk:
                if self._buffer:
                    raise IncompleteRequestError(f"the client closed {len(self._buffer)} bytes into a request")
                return None
            self._buffer += chunk


def _parse(data, max_head: int, max_body: int | None) -> tuple[Request, int] | None:
    """The first request in `data` and how many bytes it took, or None while it is incomplete."""
    end = _HEAD_END.search(data, 0, max_head + 4)
    if end is None:
        if len(data) > max_head + 3:
            raise HTTPParseError(431, f"the head is longer than {max_head} bytes")
        return None
    head = bytes(data[: end.start()])
    if len(head) > max_head:
        raise HTTPParseError(431, f"the head is {len(head)} bytes, more than {max_head}")
    lines = [line.removesuffix(b"\r") for line in head.split(b"\n")]
    method, target, version = _request_line(lines[0])
    headers, hosts = _header_fields(lines[1:])
    if version == "HTTP/1.1" and hosts != 1:
        raise HTTPParseError(400, f"an HTTP/1.1 request needs exactly one Host line, not {hosts}")
    body_start = end.end()
    framed = _body(data, body_start, headers, max_body)
    if framed is None:
        return None
    body, used = framed
    return Request(method, target, version, headers, body), used


def _request_line(line: bytes) -> tuple[str, str, str]:
    parts = line.split(b" ")
    if len(parts) != 3 or not all(parts):
        raise HTTPParseError(400, f"the request line {line!r} is not METHOD SP target SP HTTP/x.y")
    method, target, version = parts
    if not TOKEN.fullmatch(method):
        raise HTTPParseError(400, f"the method {method!r} is not a token")
    match = _VERSION.fullmatch(version)
    if match is None:
        raise HTTPParseError(400, f"the version {version!r} is not HTTP/x.y")
    if version not in (b"HTTP/1.0", b"HTTP/1.1"):
        raise HTTPParseError(505, f"the version {version.decode()} is not supported")
    return method.decode("ascii"), target.decode("latin-1"), version.decode("ascii")


def _header_fields(lines: list[bytes]) -> tuple[dict[str, str], int]:
    """The fields of the header lines, and how many Host lines there were."""
    headers: dict[str, str] = {}
    hosts = 0
    for line in lines:
        name, value = _field(line)
        hosts += name == "host"
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers, hosts


def _field(line: bytes) -> tuple[str, str]:
    if line[:1] in (b" ", b"\t"):
        raise HTTPParseError(400, f"the line {line!r} continues the one before (obsolete line folding)")
    name, colon, value = line.partition(b":")
    if not colon:
        raise HTTPParseError(400, f"the header line {line!r} has no colon")
    if not name:
        raise HTTPParseError(400, f"the header line {line!r} has no name")
    if name.rstrip(_WHITESPACE) != name:
        raise HTTPParseError(400, f"the header line {line!r} has whitespace before its colon")
    if not TOKEN.fullmatch(name):
        raise HTTPParseError(400, f"the header name {name!r} is not a token")
    return name.decode("ascii").lower(), value.strip(_WHITESPACE).decode("latin-1")


def _body(data, start: int, headers: dict[str, str], max_body: int | None) -> tuple[bytes, int] | None:
    coding = headers.get("transfer-encoding")
    length = headers.get("content-length")
    if coding is not None and length is not None:
        raise HTTPParseError(400, "a request may not have both Transfer-Encoding and Content-Length")
    if coding is not None:
        codings = [c.strip().lower() for c in coding.split(",")]
        if codings == ["chunked"]:
            return _chunked(data, start, max_body)
        if "" in codings or "chunked" in codings:
            raise HTTPParseError(400, f"Transfer-Encoding: {coding} is not a list ending in a single chunked")
        raise HTTPParseError(501, f"the transfer coding {coding!r} is not supported")
    size = _content_length(length) if length is not None else 0
    if max_body is not None and size > max_body:
        raise HTTPParseError(413, f"the body of {size} bytes is larger than {max_body}")
    if len(data) < start + size:
        return None
    return bytes(data[start : start + size]), start + size


def _content_length(value: str) -> int:
    values = {v.strip() for v in value.split(",")}
    if not all(_DIGITS.fullmatch(v) for v in values):
        raise HTTPParseError(400, f"Content-Length: {value} is not a number of bytes")
    if len(values) > 1:
        raise HTTPParseError(400, f"Content-Length: {value} holds differing lengths")
    return int(values.pop())


def _chunked(data, pos: int, max_body: int | None) -> tuple[bytes, int] | None:
    """Decode a chunked body that starts at `pos`; None while it is incomplete."""
    body = bytearray()
    while True:
        line_end = data.find(b"\n", pos, pos + _MAX_CHUNK_LINE)
        if line_end < 0:
            if len(data) - pos >= _MAX_CHUNK_LINE:
                raise HTTPParseError(400, "a chunk-size line is too long")
            return None
        if line_end == pos or data[line_end - 1] != ord("\r"):
            raise HTTPParseError(400, "a chunk-size line must end with CRLF")
        size_text = bytes(data[pos : line_end - 1]).split(b";", 1)[0]
        if not _HEX.fullmatch(size_text):
            raise HTTPParseError(400, f"the chunk size {size_text!r} is not hexadecimal")
        size = int(size_text, 16)
        pos = line_end + 1
        if size == 0:
            return _trailers(data, pos, bytes(body))
        if max_body is not None and len(body) + size > max_body:
            raise HTTPParseError(413, f"the body is larger than {max_body} bytes")
        if len(data) < pos + size + 2:
            if len(data) > pos + size and data[pos + size] != ord("\r"):
                raise HTTPParseError(400, "a chunk's data must be followed by CRLF")
            return None
        if data[pos + size : pos + size + 2] != b"\r\n":
            raise HTTPParseError(400, "a chunk's data must be followed by CRLF")
        body += data[pos : pos + size]
        pos += size + 2


def _trailers(data, pos: int, body: bytes) -> tuple[bytes, int] | None:
    """Skip the trailer fields after the last chunk, up to the blank line that ends the body."""
    while True:
        line_end = data.find(b"\n", pos)
        if line_end < 0:
            return None
        line = bytes(data[pos:line_end]).removesuffix(b"\r")
        pos = line_end + 1
        if not line:
            return body, pos
        _field(line)
