"""Exercise 9 · An HTTP/1.1 client on raw sockets

Libraries such as `requests` hide what an HTTP client does; here you do it by hand. A client
sends a request (exercise 8 showed its shape) and reads the response that comes back:

    HTTP/1.1 200 OK\\r\\n                        the status line: version, status code, reason
    Content-Type: text/plain\\r\\n               header fields, as in a request
    Content-Length: 5\\r\\n
    \\r\\n                                       a blank line ends the head
    hello                                      the body

Where the body ends is the hard part, and a client that guesses wrong either cuts the body
short or waits forever for bytes that never come. In order:

1. Some responses never have a body, whatever their headers say: the answer to a HEAD request
   (its Content-Length tells the size of the body a GET would get), every 1xx, 204 No Content
   and 304 Not Modified.
2. `Transfer-Encoding: chunked`: the body comes in chunks, each its size in hex (either case),
   optional `;extensions` to ignore, "\\r\\n", the bytes, "\\r\\n"; a chunk of size 0 ends it,
   followed by optional trailer fields and a blank line. This wins over a Content-Length.
3. `Content-Length: n`: exactly n bytes. Do not wait for the close: the server may keep the
   connection open.
4. Neither: the body runs until the server closes the connection.

Write these three functions:

- `build_request(method, host, path="/", headers=None, body=b"")`: the bytes of a request:
  the request line (`method path HTTP/1.1`), a `Host` line, a `Content-Length` line when there
  is a body, `Connection: close`, the caller's headers, a blank line and the body, every line
  ending in "\\r\\n". A caller's header named Host, Content-Length or Connection (in any case)
  replaces the default one. A header name or value holding "\\r" or "\\n" raises ValueError:
  it would let whoever chose it add header lines of their own (header injection).
- `read_response(sock, method="GET")`: read one response from `sock` and return a `Response`
  (header names lower-cased, repeated fields joined with ", ", as in exercise 8; the reason
  may be empty). Raise `HTTPParseError` for anything that is not an HTTP response (a bad
  status line, a header line without a colon, a chunk size that is not hex), and
  `IncompleteResponseError` when the server closes before the body it announced has arrived.
  A 1xx response is returned as it is, with no body.
- `http_get(url, headers=None, timeout=5.0)`: GET an `http://` URL (ValueError for any other
  kind): connect to its host and port (80 when the URL has none), send the request with the
  path and query of the URL (`/` when it has no path), read the response, close the socket.
  The Host header is `host`, or `host:port` when the port is not 80. `timeout` bounds the
  connect and every wait for data.

Example:

    >>> build_request("GET", "example.com", "/search?q=tcp")
    b'GET /search?q=tcp HTTP/1.1\\r\\nHost: example.com\\r\\nConnection: close\\r\\n\\r\\n'
    >>> http_get("http://127.0.0.1:8000/hello")     # with `grade serve` or any server there
    Response(status=200, reason='OK', headers={'content-length': '5', ...}, body=b'hello')

Check your work with `grade exercise-9`; stuck? `grade hint exercise-9`.
"""

import re
import socket
import urllib.parse
from dataclasses import dataclass

RECV_SIZE = 65_536
_MAX_HEAD = 65_536  # bytes of a response head before it is refused
_STATUS_LINE = re.compile(rb"HTTP/([0-9])\.([0-9]) ([0-9]{3})(?: (.*))?")
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_HEX = re.compile(rb"[0-9A-Fa-f]+")
_DIGITS = re.compile(r"[0-9]+")
_WHITESPACE = b" \t"
DEFAULT_PORT = 80


@dataclass
class Response:
    """A parsed response: header names lower-cased, repeated fields joined with ", "."""

    status: int
    reason: str
    headers: dict[str, str]
    body: bytes


class HTTPParseError(ValueError):
    """The bytes are not a valid HTTP/1.1 response."""


class IncompleteResponseError(HTTPParseError):
    """The server closed the connection before the whole response arrived."""


def build_request(method: str, host: str, path: str = "/", headers: dict[str, str] | None = None,
                  body: bytes = b"") -> bytes:
    """The bytes of a request; the caller's Host, Content-Length or Connection replace the defaults."""
    given = dict(headers or {})
    for name, value in [("Host", host), *given.items()]:
        if any(c in f"{name}{value}" for c in "\r\n"):
            raise ValueError(f"a header may not hold CR or LF: {name!r}: {value!r}")
    if any(c in f"{method}{path}" for c in "\r\n "):
        raise ValueError(f"the method and path may not hold spaces, CR or LF: {method!r} {path!r}")
    defaults = {"Host": host}
    if body:
        defaults["Content-Length"] = str(len(body))
    defaults["Connection"] = "close"
    replaced = {name.lower() for name in given}
    lines = [f"{method} {path} HTTP/1.1"]
    lines += [f"{name}: {value}" for name, value in defaults.items() if name.lower() not in replaced]
    lines += [f"{name}: {value}" for name, value in given.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def read_response(sock: socket.socket, method: str = "GET") -> Response:
    """Read one response from `sock`."""
    reader = _Reader(sock)
    head = reader.head()
    lines = [line.removesuffix(b"\r") for line in head.split(b"\n")]
    status, reason = _status_line(lines[0])
    headers = _header_fields(lines[1:])
    if method.upper() == "HEAD" or 100 <= status < 200 or status in (204, 304):
        body = b""
    elif _is_chunked(headers.get("transfer-encoding")):
        body = _chunked(reader)
    elif "content-length" in headers:
        body = reader.exactly(_content_length(headers["content-length"]), "the body")
    else:
        body = reader.until_close()
    return Response(status, reason, headers, body)


def http_get(url: str, headers: dict[str, str] | None = None, timeout: float = 5.0) -> Response:
    """GET an http:// URL and return the response."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"{url!r} is not an http:// URL")
    port = parts.port or DEFAULT_PORT
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    host_header = host if port == DEFAULT_PORT else f"{host}:{port}"
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    with socket.create_connection((parts.hostname, port), timeout=timeout) as sock:
        sock.sendall(build_request("GET", host_header, target, headers))
        return read_response(sock, "GET")


class _Reader:
    """The bytes of one response, read as they are needed."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._buffer = bytearray()

    def _more(self, what: str) -> None:
        chunk = self._sock.recv(RECV_SIZE)
        if not chunk:
            raise IncompleteResponseError(f"the server closed the connection before {what} was complete")
        self._buffer += chunk

    def head(self) -> bytes:
        while (end := _HEAD_END.search(self._buffer)) is None:
            if len(self._buffer) > _MAX_HEAD:
                raise HTTPParseError(f"the head is longer than {_MAX_HEAD} bytes")
            self._more("the head")
        head = bytes(self._buffer[: end.start()])
        del self._buffer[: end.end()]
        return head

    def line(self, what: str) -> bytes:
        """A line that must end in CRLF, without it."""
        while (end := self._buffer.find(b"\n")) < 0:
            if len(self._buffer) > _MAX_HEAD:
                raise HTTPParseError(f"{what} is too long")
            self._more(what)
        if end == 0 or self._buffer[end - 1] != ord("\r"):
            raise HTTPParseError(f"{what} does not end with CRLF")
        line = bytes(self._buffer[: end - 1])
        del self._buffer[: end + 1]
        return line

    def exactly(self, n: int, what: str) -> bytes:
        while len(self._buffer) < n:
            self._more(what)
        data = bytes(self._buffer[:n])
        del self._buffer[:n]
        return data

    def until_close(self) -> bytes:
        while chunk := self._sock.recv(RECV_SIZE):
            self._buffer += chunk
        data = bytes(self._buffer)
        self._buffer.clear()
        return data


def _status_line(line: bytes) -> tuple[int, str]:
    match = _STATUS_LINE.fullmatch(line)
    if match is None:
        raise HTTPParseError(f"the status line {line!r} is not HTTP/x.y SP code SP reason")
    return int(match.group(3)), (match.group(4) or b"").decode("latin-1")


def _header_fields(lines: list[bytes]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in lines:
        name, colon, value = line.partition(b":")
        if not colon or not name or name.strip(_WHITESPACE) != name:
            raise HTTPParseError(f"the header line {line!r} is not name: value")
        key = name.decode("latin-1").lower()
        text = value.strip(_WHITESPACE).decode("latin-1")
        headers[key] = f"{headers[key]}, {text}" if key in headers else text
    return headers


def _is_chunked(coding: str | None) -> bool:
    return coding is not None and coding.split(",")[-1].strip().lower() == "chunked"


def _content_length(value: str) -> int:
    values = {v.strip() for v in value.split(",")}
    if len(values) != 1 or not _DIGITS.fullmatch(next(iter(values))):
        raise HTTPParseError(f"Content-Length: {value} is not a number of bytes")
    return int(values.pop())


def _chunked(reader: _Reader) -> bytes:
    body = bytearray()
    while True:
        size_text = reader.line("a chunk-size line").split(b";", 1)[0]
        if not _HEX.fullmatch(size_text):
            raise HTTPParseError(f"the chunk size {size_text!r} is not hexadecimal")
        size = int(size_text, 16)
        if size == 0:
            break
        body += reader.exactly(size, "a chunk")
        if reader.exactly(2, "a chunk") != b"\r\n":
            raise HTTPParseError("a chunk's data must be followed by CRLF")
    while reader.line("the trailer fields"):
        pass
    return bytes(body)
