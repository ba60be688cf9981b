"""Checks for exercise-9 · An HTTP/1.1 client on raw sockets (ex09_http_client).

`build_request` is judged by its bytes, read by the kit's own lenient parser
(mockservers/httpwire.py): the request line, the header lines as a set (their order is free,
the case of a name too), the blank line and the body. `read_response` gets the sockets of
`tcp.server`, whose peer sends hand-made responses (httpwire.response and chunked) paced in
lockstep: the checks of responses split inside a chunk-size line, a CRLF or the blank line, or
dribbled, rely on each piece arriving as a read of its own. `http_get` connects by itself, to
a raw HTTP server (`http`) and to a real Flask app served by werkzeug (`http_app`). Every
failure shows the conversation line by line: what the code sent, then what the server sent.
"""

import gc
import socket
import warnings

from grader.harness.checking import a_type, call, exactly
from grader.harness.show import show, show_lines
from mockservers.httpwire import chunked, response, split_request
from mockservers.script import DRIBBLE, close, send, split_at, stall

FIELDS = ("status", "reason", "headers", "body")

# Hints -------------------------------------------------------------------------------------

REQUEST_LAYOUT = (
    "a request is the request line (METHOD path HTTP/1.1), one line per header (Name: value), an empty line, "
    "then the body; every line ends in '\\r\\n', so the head ends with '\\r\\n\\r\\n'"
)
DEFAULT_HEADERS = (
    "always send Host: host and Connection: close, and Content-Length: len(body) only when there is a body "
    "(a GET without a body has no Content-Length)"
)
REPLACE_DEFAULTS = (
    "header names are case-insensitive: compare them with .lower(), and leave out your default Host, "
    "Content-Length or Connection when the caller gives one of their own, in any case"
)
INJECTION = (
    "a '\\r' or '\\n' in a header name or value would end the line early and let whoever chose the value add "
    "header lines of their own (header injection): check every name and value and raise ValueError"
)
READ_THE_HEAD = (
    "read until the head is complete (an empty line), then parse the status line (HTTP/1.1 200 OK: version, "
    "code, reason) and the header lines; the first bytes of the body may arrive together with the head: "
    "keep them"
)
BY_LENGTH = (
    "with Content-Length, read exactly that many bytes of body and return: the server keeps the connection "
    "open, so waiting for the close (or for more bytes) waits forever"
)
CHUNKS = (
    "a chunked body is: a size line in hex (either case; cut off any ';extension'), ended by '\\r\\n', that "
    "many bytes, '\\r\\n'; size 0 ends it, then trailer lines up to an empty line. A size line or a chunk may "
    "arrive in pieces: read what is still missing"
)
CHUNKED_WINS = (
    "with both Transfer-Encoding: chunked and Content-Length, the body is chunked: the chunk sizes say where "
    "it ends, and the Content-Length is ignored"
)
UNTIL_CLOSE = (
    "without Content-Length or Transfer-Encoding, the body runs until the server closes: read until recv() "
    "returns b''"
)
NO_BODY = (
    "some responses never have a body, whatever their headers say: the answer to a HEAD request (its "
    "Content-Length is the size a GET would get), every 1xx, 204 and 304. Return at once with body b''"
)
NAMES = "lower-case every header name, and join the values of a repeated name with ', '"
MALFORMED = (
    "a status line is HTTP/x.y, a space, a 3-digit code, a space and a reason (which may be empty): anything "
    "else is not an HTTP response, so raise HTTPParseError (do not let ValueError or IndexError escape)"
)
CUT_SHORT = (
    "recv() returning b'' before the announced body is complete means the server closed too early: raise "
    "IncompleteResponseError, do not return what you have (and do not call recv() forever: it returns b'' "
    "again and again)"
)
URL_PARTS = (
    "urllib.parse.urlsplit(url) gives .scheme, .hostname, .port, .path and .query: send path + '?' + query "
    "('/' when the path is empty), and Host: hostname:port when the port is not 80"
)
TIMEOUT = (
    "pass the timeout on: socket.create_connection((host, port), timeout=timeout) makes every connect, send "
    "and recv give up after that many seconds, instead of waiting forever for a server that never answers"
)
CLOSE_IT = "close the socket when you are done: `with socket.create_connection(...) as sock:` does it on every path"


# Telling responses and requests ---------------------------------------------------------------


def as_response(impl, status, reason, headers, body):
    return impl.Response(status, reason, headers, body)


def expect_response(impl, check, the_call, wanted, hint: str):
    """The call returns a Response with exactly these fields; say which one differs."""
    got = check.run(the_call, expected=show(wanted), hint=hint)
    check.expect(isinstance(got, impl.Response), got=f"{the_call} returned {show(got)} ({a_type(got)})",
                 expected=f"a Response: {show(wanted)}", hint="return the given Response dataclass")
    for name in FIELDS:
        value, expected = getattr(got, name), getattr(wanted, name)
        check.expect(
            exactly(value, expected),
            got=f"{the_call} returned a Response whose .{name} is {check.shown_with_type(value, expected)}",
            expected=f".{name} == {show(expected)}",
            hint=hint,
        )
    return got


def serve(tcp, *steps):
    """A socket for read_response, whose server sends `steps`; the story is told line by line."""
    sock, _ = tcp.server(*steps, transcript=True)
    return sock


def built(check, the_call, *, hint: str) -> bytes:
    """Run build_request; it must return bytes."""
    data = check.run(the_call, expected="the request's bytes", hint=hint)
    check.expect(type(data) is bytes, got=f"{the_call} returned {show(data)} ({a_type(data)})",
                 expected="bytes", hint="encode the text of the head, then add the body: (head).encode() + body")
    return data


def request_story(data: bytes) -> list[str]:
    return ["your request, line by line:", *(f"  {line}" for line in show_lines(data))]


def expect_request(check, the_call, data: bytes, *, line: str, fields: list[tuple[str, str]], body: bytes,
                   absent: tuple[str, ...] = (), hint: str) -> None:
    """`data` is a request with this request line, one line for each of `fields` (in any order), this body."""
    with check.context(*request_story(data)):
        head, blank, rest = data.partition(b"\r\n\r\n")
        check.expect(blank and b"\n" not in head.replace(b"\r\n", b""),
                     got="the head does not end every line with '\\r\\n' and then an empty line",
                     expected="lines ending in '\\r\\n', and '\\r\\n\\r\\n' after the last header", hint=REQUEST_LAYOUT)
        sent = split_request(data)
        check.expect(sent is not None, got="these bytes are not a request", expected=f"{line!r}, then header lines",
                     hint=REQUEST_LAYOUT)
        got_line = f"{sent.method} {sent.target} {sent.version}"
        check.expect(got_line == line, got=f"the request line was {got_line!r}", expected=repr(line), hint=REQUEST_LAYOUT)
        for name, value in fields:
            values = sent.header(name)
            check.expect(values == [value], got=f"the {name} lines held {values}" if values else f"there was no {name} line",
                         expected=f"one line {name}: {value}", hint=hint)
        for name in absent:
            check.expect(not sent.header(name), got=f"there was a {name} line: {sent.header(name)}",
                         expected=f"no {name} line", hint=hint)
        check.expect(rest == body, got=f"the bytes after the empty line were {show(rest)}",
                     expected=f"{show(body)}, the body" if body else "nothing after the empty line", hint=REQUEST_LAYOUT)


# build_request ---------------------------------------------------------------------------------


def test_build_request_writes_the_request_line_host_and_connection(impl, check):
    """build_request writes the request line, Host, Connection: close and the blank line"""
    the_call = call(impl.build_request, "GET", "example.com", "/search?q=tcp&page=2")
    data = built(check, the_call, hint=REQUEST_LAYOUT)
    expect_request(check, the_call, data, line="GET /search?q=tcp&page=2 HTTP/1.1",
                   fields=[("Host", "example.com"), ("Connection", "close")], body=b"",
                   absent=("content-length",), hint=DEFAULT_HEADERS)


def test_build_request_uses_slash_when_there_is_no_path(impl, check):
    """build_request sends the path / when none is given"""
    the_call = call(impl.build_request, "HEAD", "example.com")
    data = built(check, the_call, hint=REQUEST_LAYOUT)
    expect_request(check, the_call, data, line="HEAD / HTTP/1.1", fields=[("Host", "example.com"), ("Connection", "close")],
                   body=b"", absent=("content-length",), hint="path defaults to '/'")


def test_build_request_sends_a_body_with_its_length(impl, check):
    """build_request sends a body after the blank line, with its Content-Length"""
    body = '{"title": "Zoë"}'.encode()
    the_call = call(impl.build_request, "POST", "api.example", "/notes", {"Content-Type": "application/json"}, body)
    data = built(check, the_call, hint=REQUEST_LAYOUT)
    expect_request(check, the_call, data, line="POST /notes HTTP/1.1",
                   fields=[("Host", "api.example"), ("Connection", "close"), ("Content-Type", "application/json"),
                           ("Content-Length", str(len(body)))], body=body,
                   hint=f"Content-Length is the body's length in bytes: len(body), here {len(body)} (the ë takes two). "
                   + DEFAULT_HEADERS)


def test_build_request_sends_the_caller_s_headers(impl, check):
    """build_request sends the caller's headers as they are given"""
    headers = {"Accept": "application/json", "X-Trace": "a b c", "Authorization": "Bearer t0k3n"}
    the_call = call(impl.build_request, "GET", "example.com", "/", headers)
    data = built(check, the_call, hint=REQUEST_LAYOUT)
    expect_request(check, the_call, data, line="GET / HTTP/1.1",
                   fields=[("Host", "example.com"), ("Connection", "close"), *headers.items()], body=b"",
                   hint="add a line 'Name: value' for each of the caller's headers")


def test_build_request_lets_the_caller_replace_the_defaults(impl, check):
    """build_request lets the caller's Host, Content-Length and Connection replace its own, in any case"""
    headers = {"host": "other.example:8080", "CONNECTION": "keep-alive", "content-length": "3"}
    the_call = call(impl.build_request, "PUT", "example.com", "/x", headers, b"abc")
    data = built(check, the_call, hint=REQUEST_LAYOUT)
    expect_request(check, the_call, data, line="PUT /x HTTP/1.1",
                   fields=[("Host", "other.example:8080"), ("Connection", "keep-alive"), ("Content-Length", "3")],
                   body=b"abc", hint=REPLACE_DEFAULTS)


def test_build_request_refuses_line_breaks_in_headers(impl, check):
    """build_request raises ValueError for CR or LF in a header name or value"""
    for headers in ({"X-Name": "evil\r\nInjected: 1"}, {"X-Name": "evil\nInjected: 1"}, {"X-Name": "evil\rx"},
                    {"X-Evil\r\nInjected": "1"}):
        check.raises(ValueError, call(impl.build_request, "GET", "example.com", "/", headers), hint=INJECTION)


def test_build_request_refuses_line_breaks_in_the_host(impl, check):
    """build_request raises ValueError for CR or LF in the host, the value of its Host header"""
    check.raises(ValueError, call(impl.build_request, "GET", "example.com\r\nInjected: 1", "/"),
                 hint="the host becomes the value of the Host line: " + INJECTION)


# read_response: where the body ends --------------------------------------------------------------

HELLO = response(200, "OK", [("Content-Type", "text/plain"), ("Content-Length", "12")], b"hello, world")
HELLO_FIELDS = (200, "OK", {"content-type": "text/plain", "content-length": "12"}, b"hello, world")


def test_read_response_reads_a_content_length_body(impl, check, tcp):
    """read_response reads a Content-Length body and returns without waiting for the close"""
    sock = serve(tcp, send(HELLO), stall())
    expect_response(impl, check, call(impl.read_response, sock), as_response(impl, *HELLO_FIELDS), BY_LENGTH)


def test_read_response_reads_a_response_that_arrives_one_byte_at_a_time(impl, check, tcp):
    """read_response reads a response that arrives one byte at a time"""
    sock = serve(tcp, send(HELLO, pieces=DRIBBLE), stall())
    expect_response(impl, check, call(impl.read_response, sock), as_response(impl, *HELLO_FIELDS), READ_THE_HEAD)


def test_read_response_reads_a_response_split_inside_its_line_ends(impl, check, tcp):
    """read_response reads a response split inside a CRLF, inside the blank line and inside the body"""
    blank = HELLO.index(b"\r\n\r\n")
    pieces = split_at(HELLO.index(b"\r\n") + 1, blank + 1, blank + 3, blank + 6)
    sock = serve(tcp, send(HELLO, pieces=pieces), stall())
    expect_response(impl, check, call(impl.read_response, sock), as_response(impl, *HELLO_FIELDS), READ_THE_HEAD)


def test_read_response_takes_the_body_that_came_with_the_head(impl, check, tcp):
    """read_response keeps the body bytes that arrive in the same piece as the head"""
    data = response(200, "OK", [("Content-Length", "4000")], b"b" * 4000)
    sock = serve(tcp, send(data, pieces=split_at(len(data) - 1000)), stall())
    expect_response(impl, check, call(impl.read_response, sock),
                    as_response(impl, 200, "OK", {"content-length": "4000"}, b"b" * 4000),
                    "the bytes after the blank line, in the same recv() as the head, are the start of the body: "
                    "keep them, then read only what is still missing")


CHUNKED_BODY = chunked(b"Wiki", b"pedia is ", b"a free encyclopedia" * 2, extensions={1: ";name=value", 3: ";last"},
                       trailers=[("Expires", "never")])
CHUNKED = response(200, "OK", [("Transfer-Encoding", "chunked")], CHUNKED_BODY)
CHUNKED_FIELDS = (200, "OK", {"transfer-encoding": "chunked"}, b"Wikipedia is " + b"a free encyclopedia" * 2)


def test_read_response_decodes_a_chunked_body(impl, check, tcp):
    """read_response decodes a chunked body with extensions and trailers"""
    sock = serve(tcp, send(CHUNKED), stall())
    expect_response(impl, check, call(impl.read_response, sock), as_response(impl, *CHUNKED_FIELDS), CHUNKS)


def test_read_response_decodes_chunk_sizes_in_upper_case(impl, check, tcp):
    """read_response decodes chunk sizes written in upper-case hex"""
    body = b"x" * 26 + b"y" * 255
    data = response(200, "OK", [("Transfer-Encoding", "chunked")], chunked(body[:26], body[26:], upper=True))
    sock = serve(tcp, send(data), stall())
    expect_response(impl, check, call(impl.read_response, sock),
                    as_response(impl, 200, "OK", {"transfer-encoding": "chunked"}, body),
                    "chunk sizes are hex in either case: 1A and 1a are both 26; int(size, 16) reads both")


def test_read_response_decodes_chunks_split_anywhere(impl, check, tcp):
    """read_response decodes a chunked body split inside a size line, inside a chunk and inside a CRLF"""
    start = CHUNKED.index(b"\r\n\r\n") + 4
    pieces = split_at(start + 1, CHUNKED.index(b"pedia") - 3, CHUNKED.index(b"pedia") + 2,
                      CHUNKED.index(b"0;last") + 3, len(CHUNKED) - 1)
    sock = serve(tcp, send(CHUNKED, pieces=pieces), stall())
    expect_response(impl, check, call(impl.read_response, sock), as_response(impl, *CHUNKED_FIELDS), CHUNKS)


def test_read_response_decodes_a_chunked_body_dribbled(impl, check, tcp):
    """read_response decodes a chunked body that arrives one byte at a time"""
    sock = serve(tcp, send(CHUNKED, pieces=DRIBBLE), stall())
    expect_response(impl, check, call(impl.read_response, sock), as_response(impl, *CHUNKED_FIELDS), CHUNKS)


def test_read_response_prefers_chunked_over_content_length(impl, check, tcp):
    """read_response reads a chunked body when Content-Length is there too"""
    data = response(200, "OK", [("Content-Length", "3"), ("Transfer-Encoding", "chunked")], chunked(b"chunked wins"))
    sock = serve(tcp, send(data), stall())
    expect_response(impl, check, call(impl.read_response, sock),
                    as_response(impl, 200, "OK", {"content-length": "3", "transfer-encoding": "chunked"}, b"chunked wins"),
                    CHUNKED_WINS)


def test_read_response_reads_until_the_close_without_a_length(impl, check, tcp):
    """read_response reads a body until the close when there is no Content-Length nor chunking"""
    for status, reason in ((200, "OK"), (404, "Not Found")):
        data = response(status, reason, [("Content-Type", "text/plain")], b"all of this, until the close")
        with check.context():
            sock = serve(tcp, send(data, pieces=split_at(len(data) - 20, len(data) - 7)), close())
            expect_response(impl, check, call(impl.read_response, sock),
                            as_response(impl, status, reason, {"content-type": "text/plain"}, b"all of this, until the close"),
                            UNTIL_CLOSE + " (whatever the status, but for 1xx, 204 and 304)")


def test_read_response_reads_no_body_for_head(impl, check, tcp):
    """read_response reads no body after a HEAD request, whatever Content-Length says"""
    data = response(200, "OK", [("Content-Length", "1234")])
    sock = serve(tcp, send(data), stall())
    expect_response(impl, check, call(impl.read_response, sock, "HEAD"),
                    as_response(impl, 200, "OK", {"content-length": "1234"}, b""), NO_BODY)


def test_read_response_reads_no_body_for_204_and_304(impl, check, tcp):
    """read_response reads no body for 204 No Content and 304 Not Modified"""
    for status, reason, headers in ((204, "No Content", [("X-A", "1")]), (304, "Not Modified", [("Content-Length", "50")])):
        with check.context():
            sock = serve(tcp, send(response(status, reason, headers)), stall())
            wanted = as_response(impl, status, reason, {name.lower(): value for name, value in headers}, b"")
            expect_response(impl, check, call(impl.read_response, sock), wanted, NO_BODY)


def test_read_response_reads_no_body_for_1xx(impl, check, tcp):
    """read_response reads no body for a 1xx response"""
    # The bytes after a 101 belong to the protocol the connection switched to. Whether a client
    # skips a 1xx to read the next response is its choice (the contract leaves it free): one that
    # does finds no HTTP after it, so an HTTPParseError is a fair answer too. Reading a body is not.
    data = response(101, "Switching Protocols", [("Upgrade", "websocket"), ("Connection", "Upgrade"),
                                                 ("Content-Length", "5")])
    sock = serve(tcp, send(data + b"\x81\x03hey"), close())
    hint = NO_BODY + " (after 101 Switching Protocols the connection speaks another protocol)"
    try:
        got = impl.read_response(sock)
    except impl.HTTPParseError:
        return  # skipped the 101, then found no second response: the contract allows it
    except BaseException as exc:  # noqa: BLE001 - told as any other escape
        check.fail(check.what_happened(call(impl.read_response, sock), exc),
                   "expected a Response with status 101 and body b'' (or HTTPParseError, after skipping it)",
                   hint=hint, cause=exc)
    wanted = as_response(impl, 101, "Switching Protocols",
                         {"upgrade": "websocket", "connection": "Upgrade", "content-length": "5"}, b"")
    expect_response(impl, check, call(lambda: got).shown_as("read_response(sock)"), wanted, hint)


def test_read_response_keeps_the_reason_as_it_is(impl, check, tcp):
    """read_response keeps the reason phrase as it is: several words, or empty"""
    hint = ("the reason is everything after the code, spaces included, and may be empty ('HTTP/1.1 200 \\r\\n'): "
            "split the status line at most twice, line.split(b' ', 2), and take a missing reason as ''")
    for status, reason in ((404, "Not Found Here"), (200, "")):
        with check.context():
            sock = serve(tcp, send(response(status, reason, [("Content-Length", "2")], b"ok")), stall())
            expect_response(impl, check, call(impl.read_response, sock),
                            as_response(impl, status, reason, {"content-length": "2"}, b"ok"), hint)


def test_read_response_lower_cases_names_and_joins_repeated_fields(impl, check, tcp):
    """read_response lower-cases header names and joins repeated fields with ', '"""
    data = response(200, "OK", [("Set-Cookie", "a=1"), ("SET-COOKIE", "b=2"), ("Content-Length", "0"),
                                ("X-Spaced", "  kept inside  ")])
    sock = serve(tcp, send(data), stall())
    expect_response(impl, check, call(impl.read_response, sock),
                    as_response(impl, 200, "OK", {"set-cookie": "a=1, b=2", "content-length": "0", "x-spaced": "kept inside"}, b""),
                    NAMES)


DRIBBLED = (  # (what it is, the response, the method, what read_response returns)
    ("a body until the close", response(200, "OK", [], b"until the close"), "GET", (200, "OK", {}, b"until the close")),
    ("the answer to HEAD", response(200, "OK", [("Content-Length", "99")]), "HEAD", (200, "OK", {"content-length": "99"}, b"")),
    ("a 204", response(204, "No Content", []), "GET", (204, "No Content", {}, b"")),
    ("a 304 with a Content-Length", response(304, "Not Modified", [("Content-Length", "7")]), "GET",
     (304, "Not Modified", {"content-length": "7"}, b"")),
    ("an empty reason", response(200, "", [("Content-Length", "1")], b"!"), "GET", (200, "", {"content-length": "1"}, b"!")),
    ("chunks in upper-case hex", response(200, "OK", [("Transfer-Encoding", "chunked")], chunked(b"z" * 30, upper=True)),
     "GET", (200, "OK", {"transfer-encoding": "chunked"}, b"z" * 30)),
    ("chunked and a Content-Length", response(200, "OK", [("Content-Length", "1"), ("Transfer-Encoding", "chunked")],
                                              chunked(b"abc", b"def")),
     "GET", (200, "OK", {"content-length": "1", "transfer-encoding": "chunked"}, b"abcdef")),
)


def test_read_response_reads_every_kind_of_response_dribbled(impl, check, tcp):
    """read_response reads every kind of response when it arrives one byte at a time"""
    for what, data, method, fields in DRIBBLED:
        ending = close() if "until" in what else stall()
        with check.context(f"{what}, one byte at a time:"):
            sock = serve(tcp, send(data, pieces=DRIBBLE), ending)
            expect_response(impl, check, call(impl.read_response, sock, method), as_response(impl, *fields),
                            "every read may return a single byte: keep reading (and keep what you read) until the "
                            "head, then the body, is complete. " + (NO_BODY if not fields[3] else READ_THE_HEAD))


def test_read_response_raises_for_broken_responses_dribbled(impl, check, tcp):
    """read_response raises HTTPParseError for broken responses that arrive one byte at a time"""
    broken = (
        ("a status line without a code", b"HTTP/1.1 OK\r\n\r\n", stall(), impl.HTTPParseError),
        ("a chunk size that is not hex", response(200, "OK", [("Transfer-Encoding", "chunked")], b"zz\r\n"), stall(),
         impl.HTTPParseError),
        ("a body cut by the close", response(200, "OK", [("Content-Length", "9")], b"cut"), close(),
         impl.IncompleteResponseError),
    )
    for what, data, ending, error in broken:
        with check.context(f"{what}, one byte at a time:"):
            sock = serve(tcp, send(data, pieces=DRIBBLE), ending)
            check.raises(error, call(impl.read_response, sock), expected=f"{error.__name__}: {what}",
                         hint=CUT_SHORT if error is impl.IncompleteResponseError else MALFORMED)


# read_response: what goes wrong --------------------------------------------------------------------

BAD_STATUS_LINES = (
    b"HTTP/1.1 OK\r\nContent-Length: 0\r\n\r\n",
    b"HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n",
    b"HTTP/1.1 20x OK\r\nContent-Length: 0\r\n\r\n",
    b"ICY 200 OK\r\nContent-Length: 0\r\n\r\n",
    b"hello, this is not HTTP\r\n\r\n",
)


def test_read_response_refuses_a_malformed_status_line(impl, check, tcp):
    """read_response raises HTTPParseError for a status line that is not HTTP"""
    for data in BAD_STATUS_LINES:
        status_line = data.split(b"\r\n")[0]
        with check.context():
            sock = serve(tcp, send(data), stall())
            check.raises(impl.HTTPParseError, call(impl.read_response, sock),
                         expected=f"HTTPParseError: {show(status_line)} is not HTTP/x.y, a 3-digit code and a reason",
                         hint=MALFORMED)


def test_read_response_refuses_a_header_line_without_a_colon(impl, check, tcp):
    """read_response raises HTTPParseError for a header line without a colon"""
    sock = serve(tcp, send(b"HTTP/1.1 200 OK\r\nContent-Length 5\r\n\r\nhello"), stall())
    check.raises(impl.HTTPParseError, call(impl.read_response, sock), expected="HTTPParseError: a header line needs a colon",
                 hint="every header line is name: value; a line without a colon is not HTTP: raise HTTPParseError")


def test_read_response_refuses_a_chunk_size_that_is_not_hex(impl, check, tcp):
    """read_response raises HTTPParseError for a chunk size that is not hex"""
    for size in (b"xyz", b""):
        data = response(200, "OK", [("Transfer-Encoding", "chunked")], size + b"\r\nhello\r\n0\r\n\r\n")
        with check.context():
            sock = serve(tcp, send(data), stall())
            check.raises(impl.HTTPParseError, call(impl.read_response, sock),
                         expected=f"HTTPParseError: the chunk size {show(size)} is not hexadecimal",
                         hint="a chunk size that is not hex is not HTTP: catch the ValueError of int(size, 16) and "
                         "raise HTTPParseError instead")


def test_read_response_raises_when_the_close_cuts_the_body(impl, check, tcp):
    """read_response raises IncompleteResponseError when the close comes before Content-Length bytes"""
    data = response(200, "OK", [("Content-Length", "12")], b"hello")
    sock = serve(tcp, send(data), close())
    check.raises(impl.IncompleteResponseError, call(impl.read_response, sock),
                 expected="IncompleteResponseError: the server closed after 5 of the 12 bytes", hint=CUT_SHORT)


def test_read_response_raises_when_the_close_cuts_a_chunked_body(impl, check, tcp):
    """read_response raises IncompleteResponseError when the close cuts a chunked body"""
    data = CHUNKED[: CHUNKED.index(b"pedia") + 3]
    sock = serve(tcp, send(data), close())
    check.raises(impl.IncompleteResponseError, call(impl.read_response, sock),
                 expected="IncompleteResponseError: the server closed inside a chunk", hint=CUT_SHORT)


def test_read_response_raises_when_the_close_cuts_the_head(impl, check, tcp):
    """read_response raises HTTPParseError when the server closes inside the head, or before its blank line"""
    for cut in (b"HTTP/1.1 200 OK\r\nContent-Len", b"HTTP/1.1 200 OK\r\nX-A: 1\r\n"):
        with check.context():
            sock = serve(tcp, send(cut), close())
            check.raises(impl.HTTPParseError, call(impl.read_response, sock),
                         expected="HTTPParseError (IncompleteResponseError): the server closed before the head's "
                         "blank line", hint="the head ends only at an empty line: " + CUT_SHORT)


# http_get ----------------------------------------------------------------------------------------


def url_of(server, path: str = "", host: str | None = None) -> str:
    address, port = server.address
    return f"http://{host or address}:{port}{path}"


def the_request(check, server, *, line: str, fields: list[tuple[str, str]], hint: str) -> None:
    """The one request `server` received has this request line and these header lines (and maybe others)."""
    received = server.requests
    check.expect(len(received) == 1, got=f"the server got {len(received)} connections", expected="one connection",
                 hint="make one connection, send one request")
    sent = split_request(received[0])
    check.expect(sent is not None, got="the server could not read a request in what your code sent",
                 expected=f"{line!r}, then header lines", hint=REQUEST_LAYOUT)
    got_line = f"{sent.method} {sent.target} {sent.version}"
    check.expect(got_line == line, got=f"the request line was {got_line!r}", expected=repr(line), hint=hint)
    for name, value in fields:
        check.expect(sent.header(name) == [value], got=f"the {name} lines were {sent.header(name)}",
                     expected=f"one {name} line: {name}: {value}", hint=hint)


def test_http_get_sends_the_path_and_query_and_returns_the_response(impl, check, http):
    """http_get sends a GET with the URL's path and query, Host host:port, and returns the response"""
    server = http.server(send(HELLO), close())
    url = url_of(server, "/search?q=tcp%20ip&page=2")
    expect_response(impl, check, call(impl.http_get, url), as_response(impl, *HELLO_FIELDS), READ_THE_HEAD)
    host, port = server.address
    the_request(check, server, line="GET /search?q=tcp%20ip&page=2 HTTP/1.1",
                fields=[("host", f"{host}:{port}"), ("connection", "close")], hint=URL_PARTS)


def test_http_get_sends_slash_for_a_url_without_a_path(impl, check, http):
    """http_get sends the path / for a URL without one"""
    server = http.server(send(HELLO), close())
    expect_response(impl, check, call(impl.http_get, url_of(server)), as_response(impl, *HELLO_FIELDS), READ_THE_HEAD)
    the_request(check, server, line="GET / HTTP/1.1", fields=[], hint="a URL without a path means the path '/': " + URL_PARTS)


def test_http_get_keeps_the_host_name_in_the_host_header(impl, check, http):
    """http_get sends the URL's host name, not its address, in the Host header"""
    server = http.server(send(HELLO), close())
    url = url_of(server, "/named", host="localhost")
    expect_response(impl, check, call(impl.http_get, url), as_response(impl, *HELLO_FIELDS), READ_THE_HEAD)
    the_request(check, server, line="GET /named HTTP/1.1", fields=[("host", f"localhost:{server.address[1]}")],
                hint="the Host header is the host name as the URL has it, with the port: " + URL_PARTS)


def test_http_get_sends_the_caller_s_headers(impl, check, http):
    """http_get sends the caller's headers"""
    server = http.server(send(HELLO), close())
    headers = {"Accept": "text/plain", "X-Request-ID": "42"}
    expect_response(impl, check, call(impl.http_get, url_of(server, "/h"), headers), as_response(impl, *HELLO_FIELDS),
                    READ_THE_HEAD)
    the_request(check, server, line="GET /h HTTP/1.1", fields=[("accept", "text/plain"), ("x-request-id", "42")],
                hint="pass the caller's headers on to build_request")


def test_http_get_refuses_urls_that_are_not_http(impl, check, http):
    """http_get raises ValueError for a URL that is not http://"""
    server = http.server(send(HELLO), close())
    host, port = server.address
    for url in (f"https://{host}:{port}/", f"ftp://{host}:{port}/file", f"{host}:{port}/no-scheme"):
        check.raises(ValueError, call(impl.http_get, url),
                     hint="look at the URL's scheme before connecting: only 'http' is allowed; this client speaks no TLS")


def test_http_get_gives_up_on_a_server_that_never_answers(impl, check, http):
    """http_get raises an exception, not waits forever, when the server never answers (timeout=0.3)"""
    server = http.server(stall())
    check.raises(Exception, call(impl.http_get, url_of(server, "/slow"), timeout=0.3),
                 expected="an exception (a TimeoutError) within about 0.3 s: the server never answers", hint=TIMEOUT)


def expect_closed(check, server, caught, *, after: str) -> None:
    """The server saw the close, and no socket was left for the garbage collector (a ResourceWarning)."""
    ended = server.peers[0].wait_until_other_side_ends(1.0) if server.peers else False
    check.expect(ended, got=f"the server still had the connection open after {after}", expected="the connection closed",
                 hint=CLOSE_IT)
    gc.collect()
    unclosed = [w for w in caught if issubclass(w.category, ResourceWarning) and "socket" in str(w.message)]
    check.expect(not unclosed, got="your code left a socket for the garbage collector to close (ResourceWarning: "
                 f"{unclosed[0].message if unclosed else ''})", expected="the socket closed by your code", hint=CLOSE_IT)


def test_http_get_closes_its_socket(impl, check, http):
    """http_get closes its socket, so the server sees the close while the connection would stay open"""
    server = http.server(send(HELLO), stall())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        check.run(call(impl.http_get, url_of(server, "/c")), expected="the response", hint=READ_THE_HEAD)
        expect_closed(check, server, caught, after="http_get returned")


def test_http_get_closes_its_socket_when_the_response_is_broken(impl, check, http):
    """http_get closes its socket also when the response is not HTTP, while the error is still held"""
    server = http.server(send(b"hello, this is not HTTP\r\n\r\n"), stall())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        error = check.raises(impl.HTTPParseError, call(impl.http_get, url_of(server, "/broken")), hint=MALFORMED)
        expect_closed(check, server, caught, after=f"http_get raised {type(error).__name__}")


# Against a real server: Flask, served by werkzeug ---------------------------------------------------


def real(server, path: str) -> str:
    return f"{server.url}{path}"


def test_http_get_reads_a_flask_response(impl, check, http_app):
    """http_get reads a response from a real Flask server"""
    got = expect_response_like(impl, check, call(impl.http_get, real(http_app, "/hello")), 200, b"hello, world")
    check.expect(got.headers.get("content-length") == "12", got=f"the headers were {show(got.headers)}",
                 expected="a content-length of '12' among them", hint=NAMES)


def test_http_get_reads_a_streamed_flask_response(impl, check, http_app):
    """http_get decodes the chunked body werkzeug streams"""
    got = expect_response_like(impl, check, call(impl.http_get, real(http_app, "/stream")), 200,
                               b"first chunk, second chunk, and the last one")
    check.expect(got.headers.get("transfer-encoding") == "chunked", got=f"the headers were {show(got.headers)}",
                 expected="transfer-encoding: chunked among them", hint=NAMES)


def test_http_get_sends_what_flask_expects(impl, check, http_app):
    """http_get sends the path, the query and the caller's headers as a real server reads them"""
    import json

    got = expect_response_like(impl, check, call(impl.http_get, real(http_app, "/echo?x=1&y=two%20words"),
                                                 {"X-Request-ID": "7"}), 200, None)
    try:
        echoed = json.loads(got.body)
    except ValueError:
        echoed = None
    check.expect(isinstance(echoed, dict), got=f"the body was {show(got.body)}", expected="the server's JSON echo",
                 hint=READ_THE_HEAD)
    for name, wanted in (("path", "/echo"), ("query", "x=1&y=two%20words")):
        check.expect(echoed.get(name) == wanted, got=f"the server saw the {name} {show(echoed.get(name))}",
                     expected=show(wanted), hint=URL_PARTS)
    check.expect(echoed.get("headers", {}).get("x-request-id") == "7", got=f"the server saw the headers {show(echoed.get('headers'))}",
                 expected="X-Request-ID: 7 among them", hint="pass the caller's headers on to build_request")


def test_read_response_reads_flask_s_answer_to_head(impl, check, http_app):
    """read_response reads werkzeug's answer to a HEAD request: a Content-Length, no body"""
    got = flask_response(impl, check, http_app, b"HEAD /hello HTTP/1.1", "HEAD")
    check.expect(exactly(got.body, b"") and got.headers.get("content-length") == "12",
                 got=f"the response had .body {show(got.body)} and the headers {show(got.headers)}",
                 expected="body b'' and content-length '12' (the size a GET would get)", hint=NO_BODY)


def test_read_response_reads_flask_s_204(impl, check, http_app):
    """read_response reads a 204 No Content from a real Flask server"""
    got = flask_response(impl, check, http_app, b"GET /status/204 HTTP/1.1", "GET")
    check.expect(exactly(got.status, 204) and exactly(got.body, b""), got=f"the response had .status {show(got.status)} "
                 f"and .body {show(got.body)}", expected="status 204 and body b''", hint=NO_BODY)


def flask_response(impl, check, server, request_line: bytes, method: str):
    """Send a request over a socket of the kit's own, then let read_response read the answer."""
    host, port = server.address
    sock = socket.create_connection(server.address, timeout=check.timeout)
    with sock:
        sock.sendall(request_line + f"\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
        with check.context(f"the kit sent {show(request_line)} to a Flask app served by werkzeug at {server.url}"):
            got = check.run(call(impl.read_response, sock, method), expected="the response", hint=READ_THE_HEAD)
            check.expect(isinstance(got, impl.Response), got=f"read_response returned {show(got)}", expected="a Response",
                         hint="return the given Response dataclass")
            return got


def expect_response_like(impl, check, the_call, status: int, body: bytes | None):
    """The call returns a Response with this status (and body, unless None) from the Flask app."""
    with check.context("the server: a Flask app served by werkzeug on 127.0.0.1"):
        got = check.run(the_call, expected=f"a Response with status {status}", hint=READ_THE_HEAD)
        check.expect(isinstance(got, impl.Response), got=f"{the_call} returned {show(got)}", expected="a Response",
                     hint="return the given Response dataclass")
        check.expect(exactly(got.status, status), got=f"its .status was {show(got.status)}", expected=str(status),
                     hint=READ_THE_HEAD)
        if body is not None:
            check.expect(exactly(got.body, body), got=f"its .body was {check.shown_with_type(got.body, body)}",
                         expected=show(body), hint=CHUNKS if b"chunk" in body else BY_LENGTH)
        return got
