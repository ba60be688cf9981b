"""Checks for exercise-8 · Parsing an HTTP request (ex08_http_request).

`parse_request` is checked against the conformance corpus (mockservers/http_corpus.py), one
check for each group of cases: a failure names the case, shows its bytes line by line with a
caret under the fault, and says the rule and where it comes from. Real clients (requests,
urllib.request, http.client) are captured live, and what they sent must parse as they meant it.

`RequestReader` gets the sockets of `tcp.server`, whose peer plays the client and paces its
pieces in lockstep: the checks of requests split inside a CRLF, dribbled or pipelined rely on
each piece arriving as a read of its own.
"""

import http.client
import urllib.request

import requests

from grader.harness.checking import a_type, call, exactly
from grader.harness.show import show, show_lines
from mockservers.chunking import ChunkingServer
from mockservers.http_corpus import (
    BAD_CHUNKS, BODIES, CHUNKED, CONTENT_LENGTHS, FIELD_LINES, HEAD_LIMITS, HEADERS, HOSTS, INCOMPLETE, LEFTOVERS,
    LINE_ENDS, REQUEST_LINES, SHAPES, TRANSFER_ENCODINGS, VERSIONS, Case, Parsed, get,
)
from mockservers.httpwire import chunked, request_length, response, split_request
from mockservers.script import DRIBBLE, close, receive, reset, seeded, send, split_at, stall

FIELDS = ("method", "target", "version", "headers", "body")

# Hints: the rule in plain words, and the classic mistake ----------------------------------------

FIND_THE_HEAD = (
    "find the end of the head first (the first empty line: b'\\r\\n\\r\\n', or b'\\n\\n' with bare LFs), "
    "split the head into lines, then look at the body"
)
SPLIT_EXACTLY = (
    "split the request line with line.split(b' ') and require exactly three non-empty parts; "
    "split() without an argument also splits on tabs and runs of spaces, which must be refused"
)
TOKEN = (
    "a method is a token: letters, digits and !#$%&'*+-.^_`|~ only; re.fullmatch(rb\"[!#$%&'*+\\-.^_`|~0-9A-Za-z]+\", "
    "method) (the module's TOKEN) tells"
)
VERSION_FORM = (
    "a version is exactly HTTP/ then a digit, a dot and a digit (re.fullmatch(rb'HTTP/[0-9]\\.[0-9]', version)); "
    "anything else is 400, and a well-formed version other than HTTP/1.0 and HTTP/1.1 is 505"
)
FIELD_LINE = (
    "check every header line before you take it apart: it needs a colon, a name before it with no space or "
    "tab between the name and the colon, and it must not start with a space or a tab (an obsolete folded "
    "line, which servers must refuse)"
)
NAMES_AND_VALUES = (
    "lower-case every header name, strip spaces and tabs around the value (.strip(b' \\t')), split each line "
    "at its first colon only (values may hold colons), and join the values of a repeated name with ', '"
)
HOST_COUNT = (
    "an HTTP/1.1 request needs exactly one Host line: count the lines named host (in any case) as you read "
    "them; HTTP/1.0 needs none"
)
DIGITS_ONLY = (
    "Content-Length must be all digits: int() also accepts '+5', ' 5' and '0_5', so test the text with "
    "re.fullmatch('[0-9]+', value) before converting; several lengths that differ are refused, since two "
    "servers could each pick another one"
)
TE_RULES = (
    "a request with both Transfer-Encoding and Content-Length is 400 (the classic request smuggling); a "
    "Transfer-Encoding other than chunked is 501 Not Implemented"
)
CHUNK_RULES = (
    "a chunked body is: a size line in hex, ended by b'\\r\\n' (cut off any ';extension' first), that many "
    "bytes, b'\\r\\n'; size 0 ends it, then trailer lines up to an empty line. int(size, 16) also accepts "
    "'0x5', '+5' and ' 5': test the text with re.fullmatch(rb'[0-9A-Fa-f]+', size) first, and require the "
    "b'\\r\\n' after each chunk's data"
)
HEAD_LIMIT = (
    "measure the head (the request line and the header lines) against max_head and raise HTTPParseError(431, ...) "
    "when it is longer"
)
INCOMPLETE_HINT = (
    "when the bytes end before the blank line, or before the body is complete, raise "
    "IncompleteRequestError (status 400), never return a request with a short body"
)
EXACTLY_ONE = (
    "parse_request takes exactly one request: after the body (none, without Content-Length or "
    "Transfer-Encoding) there must be no more bytes; raise HTTPParseError(400, ...) if there are"
)
BODY_BY_LENGTH = (
    "the body is exactly Content-Length bytes, starting right after the blank line, whatever they hold "
    "(b'\\r\\n' included); without Content-Length or Transfer-Encoding there is no body"
)

CASE_HINTS = {  # where a case has a classic mistake of its own
    "Content-Length with a plus sign": "int('+5') is 5, but '+' is not a digit: " + DIGITS_ONLY,
    "a chunk size with 0x": "int('0x5', 16) is 5, but '0x' is not hex: " + CHUNK_RULES,
    "a chunk size with a plus sign": "int('+5', 16) is 5, but '+' is not hex: " + CHUNK_RULES,
    "two spaces": SPLIT_EXACTLY,
    "a tab instead of a space": SPLIT_EXACTLY,
    "two other bytes where the chunk's CRLF belongs": "after a chunk's data, read two bytes and check that they "
    "are b'\\r\\n'; skipping them unread lets a client hide bytes there. " + CHUNK_RULES,
    "a bare CR inside a header line": "only b'\\n' (or b'\\r\\n') ends a line; a b'\\r' on its own inside a "
    "line is part of it (or refuse it): str.splitlines() and re.split(b'\\r|\\n', ...) also split at a bare "
    "CR, and so let a header hide inside another",
    "a lower-case http": "the version is case-sensitive: 'http/1.1' is not a version. " + VERSION_FORM,
    "trailer fields": "trailer fields are read to find the end of the body, but not added to .headers",
    "a repeated field": NAMES_AND_VALUES,
    "two Host lines, different cases": HOST_COUNT,
}


# The corpus, told -------------------------------------------------------------------------------


def case_story(case: Case) -> list[str]:
    """`case "...": the rule`, then the request's bytes line by line, a caret under the fault."""
    limit = f", with max_head={case.max_head}" if case.max_head else ""
    lines = [f"case {case.name!r}{limit} ({case.rule}):"]
    lines += [f"  {line}" for line in show_lines(case.data, case.fault_offset)] if case.data else ["  b'' (no bytes at all)"]
    return lines


def request_of(case: Case) -> str:
    expected = case.expected
    return f"Request({', '.join(f'{name}={show(getattr(expected, name))}' for name in FIELDS)})"


def check_cases(impl, check, cases, hint: str) -> None:
    """parse_request does with every case what the corpus says; the first case it gets wrong fails."""
    for case in cases:
        options = {"max_head": case.max_head} if case.max_head else {}
        the_call = call(impl.parse_request, case.data, **options)
        the_call.shown_as("parse_request(data" + (f", max_head={case.max_head})" if case.max_head else ")"))
        advice = CASE_HINTS.get(case.name, hint)
        with check.context(*case_story(case)):
            if isinstance(case.expected, Parsed):
                expect_request(impl, check, the_call, case, advice)
            else:
                expect_refusal(impl, check, the_call, case, advice)


def expect_request(impl, check, the_call, case: Case, hint: str) -> None:
    got = check.run(the_call, expected=request_of(case), hint=hint)
    check.expect(
        isinstance(got, impl.Request),
        got=f"{the_call} returned {show(got)} ({a_type(got)})",
        expected=f"a Request: {request_of(case)}",
        hint="return the given Request dataclass: Request(method, target, version, headers, body)",
    )
    for name in FIELDS:
        value, wanted = getattr(got, name), getattr(case.expected, name)
        check.expect(
            exactly(value, wanted),
            got=f"{the_call} returned a Request whose .{name} is {check.shown_with_type(value, wanted)}",
            expected=f".{name} == {show(wanted)}",
            hint=hint,
        )


def expect_refusal(impl, check, the_call, case: Case, hint: str) -> None:
    statuses, incomplete = case.expected.statuses, case.expected.incomplete
    either = " or ".join(map(str, statuses))
    wanted = "IncompleteRequestError" if incomplete else f"HTTPParseError with .status {either}"
    error = check.raises(impl.HTTPParseError, the_call, expected=f"{wanted}: {case.rule}", hint=hint)
    got_status = getattr(error, "status", None)
    check.expect(
        any(exactly(got_status, status) for status in statuses),
        got=f"{the_call} raised {type(error).__name__} with .status {show(got_status)}",
        expected=f".status {either}: {case.rule}",
        hint=hint,
    )
    if incomplete:
        check.expect(
            isinstance(error, impl.IncompleteRequestError),
            got=f"{the_call} raised {type(error).__name__}",
            expected="IncompleteRequestError: the bytes end before the body does",
            hint=INCOMPLETE_HINT,
        )


# parse_request: valid requests ------------------------------------------------------------------


def test_parse_request_parses_requests_of_every_shape(impl, check):
    """parse_request parses requests of every shape: origin-form, absolute-form, OPTIONS *, CONNECT, HTTP/1.0"""
    check_cases(impl, check, SHAPES, FIND_THE_HEAD)


def test_parse_request_lower_cases_names_and_joins_repeated_fields(impl, check):
    """parse_request lower-cases header names, strips values, keeps colons in them, joins repeated fields"""
    check_cases(impl, check, HEADERS, NAMES_AND_VALUES)


def test_parse_request_accepts_bare_lf_in_the_head(impl, check):
    """parse_request accepts a bare LF as a line end in the head"""
    check_cases(impl, check, LINE_ENDS, "a line of the head may end in b'\\r\\n' or in a bare b'\\n': split on b'\\n' "
                "and drop one b'\\r' at the end of each line")


def test_parse_request_reads_a_content_length_body(impl, check):
    """parse_request reads a body of exactly Content-Length bytes"""
    check_cases(impl, check, BODIES, BODY_BY_LENGTH)


def test_parse_request_decodes_chunked_bodies(impl, check):
    """parse_request decodes chunked bodies: hex sizes in either case, extensions, trailers"""
    check_cases(impl, check, CHUNKED, CHUNK_RULES)


# parse_request: refusals ------------------------------------------------------------------------


def test_parse_request_refuses_malformed_request_lines(impl, check):
    """parse_request refuses a malformed request line with 400"""
    check_cases(impl, check, REQUEST_LINES, SPLIT_EXACTLY + ". " + TOKEN + ". " + VERSION_FORM)


def test_parse_request_refuses_other_versions_with_505(impl, check):
    """parse_request refuses versions other than HTTP/1.0 and HTTP/1.1 with 505"""
    check_cases(impl, check, VERSIONS, VERSION_FORM)


def test_parse_request_refuses_malformed_header_lines(impl, check):
    """parse_request refuses header lines without a colon or a name, with space before the colon, or folded"""
    check_cases(impl, check, FIELD_LINES, FIELD_LINE)


def test_parse_request_needs_exactly_one_host(impl, check):
    """parse_request refuses an HTTP/1.1 request without exactly one Host line"""
    check_cases(impl, check, HOSTS, HOST_COUNT)


def test_parse_request_refuses_a_bad_content_length(impl, check):
    """parse_request refuses a Content-Length that is not all digits, or several that differ"""
    check_cases(impl, check, CONTENT_LENGTHS, DIGITS_ONLY)


def test_parse_request_refuses_transfer_encodings_it_cannot_frame(impl, check):
    """parse_request refuses Transfer-Encoding with Content-Length (400) and codings other than chunked (501)"""
    check_cases(impl, check, TRANSFER_ENCODINGS, TE_RULES)


def test_parse_request_refuses_malformed_chunks(impl, check):
    """parse_request refuses chunk sizes that are not hex and chunks without their CRLF"""
    check_cases(impl, check, BAD_CHUNKS, CHUNK_RULES)


def test_parse_request_refuses_a_head_over_max_head(impl, check):
    """parse_request refuses a head longer than max_head with 431"""
    check_cases(impl, check, HEAD_LIMITS, HEAD_LIMIT)


def test_parse_request_raises_incomplete_for_a_short_request(impl, check):
    """parse_request raises IncompleteRequestError for a body shorter than announced, or no blank line"""
    check_cases(impl, check, INCOMPLETE, INCOMPLETE_HINT)


def test_parse_request_refuses_bytes_after_the_request(impl, check):
    """parse_request refuses bytes after the end of the request with 400"""
    check_cases(impl, check, LEFTOVERS, EXACTLY_ONE)


# parse_request: real clients, captured live -------------------------------------------------------

NO_CONTENT = response(204, "No Content", [("Connection", "close")])


def captured(send_with) -> bytes:
    """The bytes a real client sends: `send_with(url)` makes the request to a server that records it."""
    with ChunkingServer(receive(until=request_length, what="a whole request"), send(NO_CONTENT), close()) as server:
        host, port = server.address
        try:
            send_with(f"http://{host}:{port}")
        finally:
            for peer in server.peers:
                peer.check_health()  # a bug in the kit's server is not the learner's failure
        server.peers[0].wait_until_played()
        return server.peers[0].received


def expect_what_was_sent(impl, check, client: str, data: bytes) -> None:
    """parse_request parses the captured bytes into what the client sent (the kit reads them leniently)."""
    sent = split_request(data)
    headers = {}
    for name, value in sent.fields:
        headers[name.lower()] = f"{headers[name.lower()]}, {value}" if name.lower() in headers else value
    case = Case(f"what {client} sent", data, Parsed(sent.method, sent.target, sent.version, headers, sent.body),
                f"a request {client} made, captured on the wire")
    check_cases(impl, check, [case], FIND_THE_HEAD)


def test_parse_request_parses_what_requests_sends(impl, check):
    """parse_request parses a POST that the requests library sent, JSON body and all"""

    def post(url):
        requests.post(f"{url}/notes?draft=1", json={"title": "Zoë", "tags": ["a", "b"]},
                      headers={"X-Request-ID": "42", "Authorization": "Bearer t0k3n"}, timeout=1)

    expect_what_was_sent(impl, check, "requests.post()", captured(post))


def test_parse_request_parses_what_urllib_sends(impl, check):
    """parse_request parses a GET that urllib.request sent"""

    def fetch(url):
        request = urllib.request.Request(f"{url}/search?q=a%20b&page=2", headers={"Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=1):
            pass

    expect_what_was_sent(impl, check, "urllib.request.urlopen()", captured(fetch))


def test_parse_request_parses_a_chunked_upload_from_http_client(impl, check):
    """parse_request parses a chunked PUT that http.client sent"""

    def upload(url):
        host, port = url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=1)
        try:
            connection.request("PUT", "/files/log.txt", body=iter([b"first line\n", b"second line\n", b"end"]),
                               headers={"Content-Type": "text/plain"}, encode_chunked=True)
            connection.getresponse().read()
        finally:
            connection.close()

    expect_what_was_sent(impl, check, "http.client with encode_chunked=True", captured(upload))


# RequestReader ---------------------------------------------------------------------------------

KEEP_A_BUFFER = (
    "one recv() may hold part of a request, or several requests: keep what you received in a buffer, parse a "
    "request only once all of it is there (the head, then Content-Length bytes or the whole chunked body), "
    "and keep the bytes after it for the next call"
)
LENGTH_NOT_SEARCH = (
    "the end of a body is found by counting Content-Length bytes (or by the chunk sizes), never by "
    "searching for b'\\r\\n\\r\\n': a body may hold those bytes too"
)
CLEAN_CLOSE = "recv() returning b'' with nothing buffered is the client closing between requests: return None"
CUT_SHORT = (
    "recv() returning b'' with part of a request buffered means the client closed inside it: raise "
    "IncompleteRequestError, do not return what you have, and do not wait for more (recv() returns b'' forever)"
)
TOO_LARGE_BODY = (
    "compare Content-Length with max_body as soon as the head is parsed, and raise HTTPParseError(413, ...) "
    "before reading the body: a client must not make you wait for (or store) a body you will refuse"
)
TOO_LONG_HEAD = (
    "when the buffer holds more than max_head bytes and still no end of the head, the head is already too long: "
    "raise HTTPParseError(431, ...) then, instead of waiting for the rest"
)

GET = get("/one", "Host: example.com")
POST = get("/two", "Host: example.com", "Content-Length: 11", method="POST", body=b"hello world")
CHUNKED_POST = get("/three", "Host: example.com", "Transfer-Encoding: chunked", method="POST",
                   body=chunked(b"chunk one, ", b"chunk two", extensions={1: ";x=1"}, trailers=[("X-T", "1")]))
INNER = b"GET /inner HTTP/1.1\r\nHost: x\r\n\r\n"  # a body that looks like a request
TRICKY = get("/tricky", "Host: example.com", f"Content-Length: {len(INNER)}", method="POST", body=INNER)
PARSED = {  # what each request above must parse into
    GET: ("GET", "/one", "HTTP/1.1", {"host": "example.com"}, b""),
    POST: ("POST", "/two", "HTTP/1.1", {"host": "example.com", "content-length": "11"}, b"hello world"),
    CHUNKED_POST: ("POST", "/three", "HTTP/1.1", {"host": "example.com", "transfer-encoding": "chunked"},
                   b"chunk one, chunk two"),
    TRICKY: ("POST", "/tricky", "HTTP/1.1", {"host": "example.com", "content-length": str(len(INNER))}, INNER),
}


def new_reader(impl, check, sock, **options):
    return check.run(call(impl.RequestReader, sock, **options), expected="a RequestReader", hint="")


def client(tcp, *steps):
    """A socket for RequestReader, whose peer plays a client sending `steps`."""
    sock, _ = tcp.server(*steps, role="client", transcript=True)
    return sock


def expect_requests(impl, check, reader, sent: list[bytes], hint: str, *, then_none: bool = True) -> None:
    """next_request() returns each request in turn (compared field by field), then None."""
    for number, data in enumerate(sent, 1):
        the_call = call(reader.next_request)
        if len(sent) > 1:
            the_call.shown_as(f"reader.next_request() (request {number} of {len(sent)})")
        wanted = impl.Request(*PARSED[data])
        got = check.run(the_call, expected=show(wanted), hint=hint)
        check.expect(isinstance(got, impl.Request), got=f"{the_call} returned {show(got)}", expected=show(wanted),
                     hint=hint)
        for name in FIELDS:
            value, expected = getattr(got, name), getattr(wanted, name)
            check.expect(
                exactly(value, expected),
                got=f"{the_call} returned a Request whose .{name} is {check.shown_with_type(value, expected)}",
                expected=f".{name} == {show(expected)}",
                hint=hint,
            )
    if then_none:
        check.returns(None, call(reader.next_request).shown_as("then reader.next_request()"), hint=CLEAN_CLOSE)


def expect_status(check, error, status: int, meaning: str, hint: str) -> None:
    got = getattr(error, "status", None)
    check.expect(exactly(got, status), got=f"the {type(error).__name__}'s .status was {show(got)}",
                 expected=f".status {status} ({meaning})", hint=hint)


def test_reader_reads_a_request_that_arrives_whole(impl, check, tcp):
    """next_request returns a request that arrives in one piece, then None at the close"""
    sock = client(tcp, send(POST), close())
    expect_requests(impl, check, new_reader(impl, check, sock), [POST], KEEP_A_BUFFER)


def test_reader_reads_a_request_that_arrives_one_byte_at_a_time(impl, check, tcp):
    """next_request returns a request that arrives one byte at a time"""
    sock = client(tcp, send(POST, pieces=DRIBBLE), close())
    expect_requests(impl, check, new_reader(impl, check, sock), [POST], KEEP_A_BUFFER)


def test_reader_reads_a_request_split_inside_its_line_ends(impl, check, tcp):
    """next_request returns a request split inside a CRLF, inside the blank line and inside the body"""
    offsets = (POST.index(b"\r\n") + 1, POST.index(b"\r\n\r\n") + 3, POST.index(b"\r\n\r\n") + 4, len(POST) - 3)
    sock = client(tcp, send(POST, pieces=split_at(*offsets)), close())
    expect_requests(impl, check, new_reader(impl, check, sock), [POST], KEEP_A_BUFFER)


def test_reader_reads_a_chunked_body_split_anywhere(impl, check, tcp):
    """next_request decodes a chunked body split inside a chunk-size line and inside a CRLF"""
    body_at = CHUNKED_POST.index(b"\r\n\r\n") + 4
    offsets = (body_at + 1, body_at + 3, CHUNKED_POST.index(b"\r\n9;") + 1, CHUNKED_POST.index(b"0\r\n") + 2)
    sock = client(tcp, send(CHUNKED_POST, pieces=split_at(*offsets)), close())
    expect_requests(impl, check, new_reader(impl, check, sock), [CHUNKED_POST], CHUNK_RULES)


def test_reader_keeps_pipelined_requests_apart(impl, check, tcp):
    """next_request returns pipelined requests one by one when they arrive in one piece"""
    sock = client(tcp, send(GET, POST, CHUNKED_POST), close())
    expect_requests(impl, check, new_reader(impl, check, sock), [GET, POST, CHUNKED_POST], KEEP_A_BUFFER)


def test_reader_reads_pipelined_requests_cut_at_random(impl, check, tcp):
    """next_request returns pipelined requests cut into random pieces across their borders"""
    sock = client(tcp, send(POST, CHUNKED_POST, GET, POST, pieces=seeded(8, 1, 40)), close())
    expect_requests(impl, check, new_reader(impl, check, sock), [POST, CHUNKED_POST, GET, POST], KEEP_A_BUFFER)


def test_reader_counts_the_body_instead_of_searching_it(impl, check, tcp):
    """next_request ends a body by its Content-Length, even when the body holds a blank line"""
    sock = client(tcp, send(TRICKY, GET), close())
    expect_requests(impl, check, new_reader(impl, check, sock), [TRICKY, GET], LENGTH_NOT_SEARCH)


def test_reader_returns_none_when_the_client_closes_at_once(impl, check, tcp):
    """next_request returns None when the client closes without sending a request"""
    sock = client(tcp, close())
    check.returns(None, call(new_reader(impl, check, sock).next_request), hint=CLEAN_CLOSE)


def test_reader_waits_for_the_next_request_while_the_connection_stays_open(impl, check, tcp):
    """next_request returns a request as soon as it is complete, without waiting for the close"""
    sock = client(tcp, send(GET), stall())
    expect_requests(impl, check, new_reader(impl, check, sock), [GET],
                    "return a request as soon as its last byte is in: the client keeps the connection open "
                    "for the next one", then_none=False)


def test_reader_raises_when_the_close_cuts_the_head(impl, check, tcp):
    """next_request raises IncompleteRequestError when the client closes inside the head"""
    sock = client(tcp, send(POST[:20]), close())
    check.raises(impl.IncompleteRequestError, call(new_reader(impl, check, sock).next_request),
                 expected="IncompleteRequestError: the client closed 20 bytes into the head", hint=CUT_SHORT)


def test_reader_raises_when_the_close_cuts_the_body(impl, check, tcp):
    """next_request raises IncompleteRequestError when the client closes inside the body"""
    sock = client(tcp, send(POST[:-4]), close())
    check.raises(impl.IncompleteRequestError, call(new_reader(impl, check, sock).next_request),
                 expected="IncompleteRequestError: the client closed 7 bytes into an 11-byte body", hint=CUT_SHORT)


def test_reader_does_not_return_a_request_cut_by_a_reset(impl, check, tcp):
    """next_request raises IncompleteRequestError or ConnectionResetError when a reset cuts a request"""
    sock = client(tcp, send(CHUNKED_POST[:-10]), reset())
    check.raises((impl.IncompleteRequestError, ConnectionResetError), call(new_reader(impl, check, sock).next_request),
                 expected="IncompleteRequestError (or ConnectionResetError): the client reset the connection "
                 "inside the chunked body", hint=CUT_SHORT)


def test_reader_refuses_a_large_body_before_reading_it(impl, check, tcp):
    """next_request raises HTTPParseError 413 for a Content-Length over max_body, before the body arrives"""
    head = get("/upload", "Host: example.com", "Content-Length: 2000", method="POST")
    sock = client(tcp, send(head), stall())
    reader = new_reader(impl, check, sock, max_body=1000)
    error = check.raises(impl.HTTPParseError, call(reader.next_request), expected="HTTPParseError with .status 413 "
                         "right after the head: 2,000 bytes are more than max_body=1000", hint=TOO_LARGE_BODY)
    expect_status(check, error, 413, "Content Too Large", TOO_LARGE_BODY)


def test_reader_refuses_a_chunked_body_over_max_body(impl, check, tcp):
    """next_request raises HTTPParseError 413 for a chunked body over max_body"""
    body = chunked(*[b"x" * 300] * 5)
    request = get("/upload", "Host: example.com", "Transfer-Encoding: chunked", method="POST", body=body)
    sock = client(tcp, send(request), stall())
    reader = new_reader(impl, check, sock, max_body=1000)
    hint = "add up the chunk sizes as you decode and raise HTTPParseError(413, ...) once they pass max_body"
    error = check.raises(impl.HTTPParseError, call(reader.next_request),
                         expected="HTTPParseError with .status 413: 1,500 bytes of chunks are more than max_body=1000",
                         hint=hint)
    expect_status(check, error, 413, "Content Too Large", hint)


def test_reader_refuses_a_long_head_before_it_ends(impl, check, tcp):
    """next_request raises HTTPParseError 431 as soon as the head is longer than max_head"""
    endless = b"GET / HTTP/1.1\r\nHost: example.com\r\nCookie: " + b"c" * 300
    sock = client(tcp, send(endless), stall())
    reader = new_reader(impl, check, sock, max_head=200)
    error = check.raises(impl.HTTPParseError, call(reader.next_request), expected="HTTPParseError with .status 431 "
                         "as soon as more than 200 bytes of head had arrived", hint=TOO_LONG_HEAD)
    expect_status(check, error, 431, "Request Header Fields Too Large", TOO_LONG_HEAD)


def test_reader_refuses_a_bad_request_after_a_good_one(impl, check, tcp):
    """next_request returns a good request, then refuses the bad one after it with its status"""
    bad = get("/", "Host: example.com", version="HTTP/2.0")
    sock = client(tcp, send(GET, bad), close())
    reader = new_reader(impl, check, sock)
    hint = "parse each request in the buffer with the same rules as parse_request: HTTP/2.0 is 505"
    expect_requests(impl, check, reader, [GET], KEEP_A_BUFFER, then_none=False)
    error = check.raises(impl.HTTPParseError, call(reader.next_request).shown_as("then reader.next_request()"),
                         expected="HTTPParseError with .status 505 for the second request (HTTP/2.0)", hint=hint)
    expect_status(check, error, 505, "HTTP Version Not Supported", hint)
