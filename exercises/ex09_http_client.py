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
    raise NotImplementedError('build_request() is not written yet: write it in exercises/ex09_http_client.py')


def read_response(sock: socket.socket, method: str = "GET") -> Response:
    """Read one response from `sock`."""
    raise NotImplementedError('read_response() is not written yet: write it in exercises/ex09_http_client.py')


def http_get(url: str, headers: dict[str, str] | None = None, timeout: float = 5.0) -> Response:
    """GET an http:// URL and return the response."""
    raise NotImplementedError('http_get() is not written yet: write it in exercises/ex09_http_client.py')
