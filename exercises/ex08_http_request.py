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
    raise NotImplementedError('parse_request() is not written yet: write it in exercises/ex08_http_request.py')


class RequestReader:
    """Reads requests one after another from a socket."""

    def __init__(self, sock: socket.socket, max_head: int = 8192, max_body: int = 1_048_576) -> None:
        """Read requests from `sock`, refusing heads over `max_head` and bodies over `max_body` bytes."""
        raise NotImplementedError('RequestReader() is not written yet: write it in exercises/ex08_http_request.py')

    def next_request(self) -> Request | None:
        """The next request, or None when the client closes between requests."""
        raise NotImplementedError('RequestReader.next_request() is not written yet: write it in exercises/ex08_http_request.py')
