"""A conformance corpus for parsing HTTP/1.1 requests: raw bytes and what a parser must make of them.

Written from RFC 9112 (HTTP/1.1 message syntax) and RFC 9110 (HTTP semantics), as the
exercise-8 contract in CURRICULUM.md narrows them. Each case is either a request that must
parse into exactly the fields given, or one that must be refused with the status given. Every
refused case has exactly one fault (`at` points at it), so the order in which a parser makes
its checks is free. Cases the contract leaves unspecified are left out: empty lines before the
request line, Transfer-Encoding in HTTP/1.0, several Host lines in HTTP/1.0, non-ASCII bytes,
lists of identical Content-Length values, Transfer-Encoding lists other than one `chunked`,
whitespace before `;` in a chunk extension, bare CR or LF in chunk extensions, trailers or
after the last chunk, and the exact `max_head` boundary. Where the contract allows two statuses
(Transfer-Encoding lists other than one `chunked`: 400 or 501), the case says so. Left out as
ambiguous in the contract: the case of the coding name (`Chunked`), whitespace inside a field
name, and versions with two digits on one side of the dot.

The cases come in groups (the tuples at the end), one group for each rule a check names.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Parsed:
    """What a request must parse into."""

    method: str
    target: str
    version: str
    headers: dict[str, str]
    body: bytes = b""


@dataclass(frozen=True)
class Refused:
    """A request that must raise HTTPParseError with this status.

    `incomplete`: it must be an IncompleteRequestError (a body shorter than announced); a
    head that never ends may be any HTTPParseError with status 400. `also`: other statuses
    the contract allows for the case.
    """

    status: int
    incomplete: bool = False
    also: tuple[int, ...] = ()

    @property
    def statuses(self) -> tuple[int, ...]:
        return (self.status, *self.also)


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    expected: Parsed | Refused
    rule: str  # the rule the case tests, with where it comes from
    at: bytes = b""  # for a refusal: the bytes at fault (the first place they occur)
    max_head: int | None = None  # passed to parse_request when set
    extra: dict = field(default_factory=dict)

    @property
    def fault_offset(self) -> int | None:
        """Where in `data` the fault is, for a caret under it."""
        if not self.at:
            return None
        index = self.data.find(self.at)
        return index if index >= 0 else None


def get(target: str = "/", *headers: str, version: str = "HTTP/1.1", method: str = "GET", body: bytes = b"") -> bytes:
    """A request's bytes, CRLF line ends, from its parts."""
    lines = [f"{method} {target} {version}", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


HOST = "Host: example.com"
H = {"host": "example.com"}


# Valid requests of every shape -------------------------------------------------------------

SHAPES = (
    Case("origin-form", get("/index.html", HOST), Parsed("GET", "/index.html", "HTTP/1.1", H),
         "RFC 9112 3.2.1: origin-form, an absolute path"),
    Case("origin-form with a query", get("/search?q=tcp+ip&page=2", HOST),
         Parsed("GET", "/search?q=tcp+ip&page=2", "HTTP/1.1", H), "RFC 9112 3.2.1: the query is part of the target"),
    Case("percent-encoded target", get("/caf%C3%A9/%20x", HOST), Parsed("GET", "/caf%C3%A9/%20x", "HTTP/1.1", H),
         "the target is kept as sent, not decoded"),
    Case("the root", get("/", HOST), Parsed("GET", "/", "HTTP/1.1", H), "RFC 9112 3.2.1"),
    Case("absolute-form", get("http://example.com/a/b?c=d", HOST),
         Parsed("GET", "http://example.com/a/b?c=d", "HTTP/1.1", H), "RFC 9112 3.2.2: absolute-form, as sent to proxies"),
    Case("authority-form for CONNECT", get("example.com:443", "Host: example.com:443", method="CONNECT"),
         Parsed("CONNECT", "example.com:443", "HTTP/1.1", {"host": "example.com:443"}), "RFC 9112 3.2.3: authority-form"),
    Case("asterisk-form for OPTIONS", get("*", HOST, method="OPTIONS"), Parsed("OPTIONS", "*", "HTTP/1.1", H),
         "RFC 9112 3.2.4: asterisk-form"),
    Case("HTTP/1.0 without Host", get("/old", version="HTTP/1.0"), Parsed("GET", "/old", "HTTP/1.0", {}),
         "RFC 9112 3.2: only HTTP/1.1 requires Host"),
    Case("HTTP/1.0 with Host", get("/old", HOST, version="HTTP/1.0"), Parsed("GET", "/old", "HTTP/1.0", H),
         "HTTP/1.0 may send Host"),
    Case("a method of any token", get("/", HOST, method="M-SEARCH"), Parsed("M-SEARCH", "/", "HTTP/1.1", H),
         "RFC 9110 9.1: a method is a token"),
    Case("a method in lower case", get("/", HOST, method="get"), Parsed("get", "/", "HTTP/1.1", H),
         "RFC 9110 9.1: methods are case-sensitive tokens; 'get' is a token (another method than GET)"),
    Case("a method with digits and symbols", get("/", HOST, method="X_PURGE.2"), Parsed("X_PURGE.2", "/", "HTTP/1.1", H),
         "RFC 9110 5.6.2: tchar includes digits, '_' and '.'"),
    Case("DELETE", get("/notes/7", HOST, method="DELETE"), Parsed("DELETE", "/notes/7", "HTTP/1.1", H), "RFC 9110 9.3.5"),
    Case("a long target", get("/" + "a" * 2000, HOST), Parsed("GET", "/" + "a" * 2000, "HTTP/1.1", H),
         "a target of 2,000 bytes is well under the head limit"),
    Case("no headers but Host", get("/", "Host: h"), Parsed("GET", "/", "HTTP/1.1", {"host": "h"}), "RFC 9112 3.2"),
)


# Header fields -------------------------------------------------------------------------------

HEADERS = (
    Case("names in any case", get("/", "HOST: example.com", "X-Request-ID: 7"),
         Parsed("GET", "/", "HTTP/1.1", {"host": "example.com", "x-request-id": "7"}),
         "RFC 9110 5.1: field names are case-insensitive (stored lower-cased)"),
    Case("a repeated field", get("/", HOST, "Accept: text/html", "Accept: application/json"),
         Parsed("GET", "/", "HTTP/1.1", {**H, "accept": "text/html, application/json"}),
         "RFC 9110 5.3: repeated field lines are joined with ', '"),
    Case("a field repeated three times, in different cases", get("/", HOST, "X-Tag: a", "x-tag: b", "X-TAG: c"),
         Parsed("GET", "/", "HTTP/1.1", {**H, "x-tag": "a, b, c"}), "RFC 9110 5.3, in the order they came"),
    Case("an empty value", get("/", HOST, "X-Empty:"), Parsed("GET", "/", "HTTP/1.1", {**H, "x-empty": ""}),
         "RFC 9110 5.5: a field value may be empty"),
    Case("an empty value after spaces", get("/", HOST, "X-Empty:    "), Parsed("GET", "/", "HTTP/1.1", {**H, "x-empty": ""}),
         "RFC 9112 5.1: whitespace around the value is not part of it"),
    Case("spaces and tabs around a value", get("/", HOST, "X-Padded: \t value \t "),
         Parsed("GET", "/", "HTTP/1.1", {**H, "x-padded": "value"}), "RFC 9112 5.1: optional whitespace (OWS) is stripped"),
    Case("spaces inside a value", get("/", HOST, "User-Agent: curl/8.5 (x86_64 linux)"),
         Parsed("GET", "/", "HTTP/1.1", {**H, "user-agent": "curl/8.5 (x86_64 linux)"}), "whitespace inside a value is kept"),
    Case("no space after the colon", get("/", "Host:example.com"), Parsed("GET", "/", "HTTP/1.1", H),
         "RFC 9112 5.1: the whitespace after the colon is optional"),
    Case("a port in Host", get("/", "Host: example.com:8080"), Parsed("GET", "/", "HTTP/1.1", {"host": "example.com:8080"}),
         "a value may hold colons: only the first colon ends the name"),
    Case("colons inside a value", get("/", HOST, "X-Time: 12:30:45"), Parsed("GET", "/", "HTTP/1.1", {**H, "x-time": "12:30:45"}),
         "only the first colon ends the name"),
    Case("a value with a URL", get("/", HOST, "Referer: http://example.com:80/a?b=c:d"),
         Parsed("GET", "/", "HTTP/1.1", {**H, "referer": "http://example.com:80/a?b=c:d"}), "only the first colon ends the name"),
    Case("many fields", get("/", HOST, *(f"X-F{n}: {n}" for n in range(30))),
         Parsed("GET", "/", "HTTP/1.1", {**H, **{f"x-f{n}": str(n) for n in range(30)}}), "30 fields, each kept"),
    Case("Host not first", get("/", "Accept: */*", HOST), Parsed("GET", "/", "HTTP/1.1", {"accept": "*/*", **H}),
         "the order of fields is free"),
)

LINE_ENDS = (
    Case("bare LF line ends", b"GET /lf HTTP/1.1\nHost: example.com\nX-A: 1\n\n", Parsed("GET", "/lf", "HTTP/1.1", {**H, "x-a": "1"}),
         "RFC 9112 2.2: a recipient may accept a bare LF as a line end (the contract does, in the head)"),
    Case("mixed line ends", b"GET /mixed HTTP/1.1\r\nHost: example.com\nX-A: 1\r\n\n",
         Parsed("GET", "/mixed", "HTTP/1.1", {**H, "x-a": "1"}), "CRLF and bare LF may be mixed in the head"),
    Case("a bare LF blank line with a body", b"POST /lf HTTP/1.1\nHost: example.com\nContent-Length: 3\n\nabc",
         Parsed("POST", "/lf", "HTTP/1.1", {**H, "content-length": "3"}, b"abc"), "the body starts after the blank line"),
)


# Bodies --------------------------------------------------------------------------------------

CL5 = {**H, "content-length": "5"}

BODIES = (
    Case("a Content-Length body", get("/notes", HOST, "Content-Length: 5", method="POST", body=b"hello"),
         Parsed("POST", "/notes", "HTTP/1.1", CL5, b"hello"), "RFC 9112 6.2: Content-Length bytes of body"),
    Case("Content-Length 0", get("/notes", HOST, "Content-Length: 0", method="POST"),
         Parsed("POST", "/notes", "HTTP/1.1", {**H, "content-length": "0"}), "an empty body"),
    Case("a body holding CRLFs", get("/", HOST, "Content-Length: 8", method="PUT", body=b"a\r\n\r\nb\r\n"),
         Parsed("PUT", "/", "HTTP/1.1", {**H, "content-length": "8"}, b"a\r\n\r\nb\r\n"), "a body is bytes, not lines"),
    Case("a binary body", get("/", HOST, "Content-Length: 6", method="PUT", body=b"\x00\xff\x80\r\n\x00"),
         Parsed("PUT", "/", "HTTP/1.1", {**H, "content-length": "6"}, b"\x00\xff\x80\r\n\x00"), "any bytes"),
    Case("Content-Length with spaces around it", get("/", HOST, "Content-Length:   5  ", method="POST", body=b"hello"),
         Parsed("POST", "/", "HTTP/1.1", CL5, b"hello"), "RFC 9112 5.1: OWS around the value is stripped"),
    Case("Content-Length with leading zeros", get("/", HOST, "Content-Length: 005", method="POST", body=b"hello"),
         Parsed("POST", "/", "HTTP/1.1", {**H, "content-length": "005"}, b"hello"), "RFC 9110 8.6: 1*DIGIT"),
    Case("a GET with a body", get("/", HOST, "Content-Length: 2", body=b"{}"),
         Parsed("GET", "/", "HTTP/1.1", {**H, "content-length": "2"}, b"{}"), "framing does not depend on the method"),
    Case("no Content-Length: no body", get("/", HOST, method="POST"), Parsed("POST", "/", "HTTP/1.1", H),
         "RFC 9112 6.3: a request without Content-Length or Transfer-Encoding has no body"),
)

TE = {**H, "transfer-encoding": "chunked"}


def post_chunked(body: bytes, *headers: str) -> bytes:
    return get("/upload", HOST, "Transfer-Encoding: chunked", *headers, method="POST", body=body)


CHUNKED = (
    Case("one chunk", post_chunked(b"5\r\nhello\r\n0\r\n\r\n"), Parsed("POST", "/upload", "HTTP/1.1", TE, b"hello"),
         "RFC 9112 7.1: chunk-size CRLF chunk-data CRLF, then last-chunk"),
    Case("several chunks", post_chunked(b"3\r\nhel\r\n2\r\nlo\r\n6\r\n world\r\n0\r\n\r\n"),
         Parsed("POST", "/upload", "HTTP/1.1", TE, b"hello world"), "the chunks are joined"),
    Case("hex sizes in lower case", post_chunked(b"a\r\n0123456789\r\n1f\r\n" + b"x" * 31 + b"\r\n0\r\n\r\n"),
         Parsed("POST", "/upload", "HTTP/1.1", TE, b"0123456789" + b"x" * 31), "RFC 9112 7.1: chunk-size is hex"),
    Case("hex sizes in upper case", post_chunked(b"A\r\n0123456789\r\n1F\r\n" + b"y" * 31 + b"\r\n0\r\n\r\n"),
         Parsed("POST", "/upload", "HTTP/1.1", TE, b"0123456789" + b"y" * 31), "RFC 9110 5.6.x: HEXDIG is either case"),
    Case("sizes with leading zeros", post_chunked(b"0005\r\nhello\r\n000\r\n\r\n"),
         Parsed("POST", "/upload", "HTTP/1.1", TE, b"hello"), "chunk-size = 1*HEXDIG"),
    Case("chunk extensions", post_chunked(b"5;name=value\r\nhello\r\n6;flag\r\n world\r\n0;last=1\r\n\r\n"),
         Parsed("POST", "/upload", "HTTP/1.1", TE, b"hello world"), "RFC 9112 7.1.1: extensions are ignored"),
    Case("a quoted chunk extension", post_chunked(b'5;note="a;b"\r\nhello\r\n0\r\n\r\n'),
         Parsed("POST", "/upload", "HTTP/1.1", TE, b"hello"), "RFC 9112 7.1.1: an extension value may be a quoted string"),
    Case("trailer fields", post_chunked(b"5\r\nhello\r\n0\r\nX-Checksum: abc\r\nX-Done: yes\r\n\r\n"),
         Parsed("POST", "/upload", "HTTP/1.1", TE, b"hello"),
         "RFC 9112 7.1.2: trailers are read, and (the contract) not merged into the headers"),
    Case("chunk data holding CRLF", post_chunked(b"4\r\n\r\n\r\n\r\n0\r\n\r\n"),
         Parsed("POST", "/upload", "HTTP/1.1", TE, b"\r\n\r\n"), "chunk data is counted, not searched"),
    Case("an empty chunked body", post_chunked(b"0\r\n\r\n"), Parsed("POST", "/upload", "HTTP/1.1", TE),
         "the last chunk alone is an empty body"),
    Case("Transfer-Encoding in any case of name", get("/upload", HOST, "transfer-ENCODING: chunked", method="POST",
                                                          body=b"2\r\nok\r\n0\r\n\r\n"),
         Parsed("POST", "/upload", "HTTP/1.1", TE, b"ok"), "field names are case-insensitive"),
)


# Refusals ------------------------------------------------------------------------------------

REQUEST_LINES = (
    Case("no target", b"GET HTTP/1.1\r\nHost: example.com\r\n\r\n", Refused(400),
         "RFC 9112 3: request-line = method SP request-target SP HTTP-version", at=b"GET HTTP"),
    Case("a fourth part", get("/ extra", HOST), Refused(400), "RFC 9112 3: exactly three parts", at=b" extra"),
    Case("two spaces", b"GET  / HTTP/1.1\r\nHost: example.com\r\n\r\n", Refused(400),
         "RFC 9112 3: single spaces between the parts (the contract)", at=b"  "),
    Case("a tab instead of a space", b"GET\t/ HTTP/1.1\r\nHost: example.com\r\n\r\n", Refused(400),
         "RFC 9112 3: SP, not HTAB (the contract)", at=b"\t"),
    Case("a space at the end", b"GET / HTTP/1.1 \r\nHost: example.com\r\n\r\n", Refused(400),
         "RFC 9112 3: nothing after the version", at=b"1.1 "),
    Case("a space at the start", b" GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", Refused(400),
         "RFC 9112 3: the line starts with the method", at=b" GET"),
    Case("a method that is not a token", get("/", HOST, method="GE(T"), Refused(400),
         "RFC 9110 9.1 and 5.6.2: '(' is not a tchar", at=b"("),
    Case("a method with '@'", get("/", HOST, method="POST@"), Refused(400), "RFC 9110 5.6.2: '@' is not a tchar", at=b"@"),
    Case("a method with a slash", get("/", HOST, method="GET/2"), Refused(400), "RFC 9110 5.6.2: '/' is not a tchar", at=b"/2"),
    Case("HTTP/2 without a minor version", get("/", HOST, version="HTTP/2"), Refused(400),
         "RFC 9112 2.3: HTTP-version = HTTP-name '/' DIGIT '.' DIGIT", at=b"HTTP/2"),
    Case("HTTP/1 without a minor version", get("/", HOST, version="HTTP/1"), Refused(400),
         "RFC 9112 2.3: HTTP-version = HTTP-name '/' DIGIT '.' DIGIT", at=b"HTTP/1\r"),
    Case("a lower-case http", get("/", HOST, version="http/1.1"), Refused(400),
         "RFC 9112 2.3: HTTP-name is case-sensitive", at=b"http/"),
    Case("not HTTP at all", get("/", HOST, version="HTTX/1.1"), Refused(400), "RFC 9112 2.3: HTTP-name is 'HTTP'", at=b"HTTX"),
    Case("no version", b"GET /\r\nHost: example.com\r\n\r\n", Refused(400),
         "RFC 9112 3: the version is required (HTTP/0.9 requests have none)", at=b"GET /\r"),
)

VERSIONS = (
    Case("HTTP/2.0", get("/", HOST, version="HTTP/2.0"), Refused(505), "RFC 9110 15.6.6, and the contract: only 1.0 and 1.1",
         at=b"HTTP/2.0"),
    Case("HTTP/1.2", get("/", HOST, version="HTTP/1.2"), Refused(505), "the contract: only HTTP/1.0 and HTTP/1.1",
         at=b"HTTP/1.2"),
    Case("HTTP/0.9 with a version", get("/", HOST, version="HTTP/0.9"), Refused(505), "the contract: only HTTP/1.0 and HTTP/1.1",
         at=b"HTTP/0.9"),
    Case("HTTP/3.0", get("/", HOST, version="HTTP/3.0"), Refused(505), "the contract: only HTTP/1.0 and HTTP/1.1", at=b"HTTP/3.0"),
)

FIELD_LINES = (
    Case("a line without a colon", get("/", HOST, "X-Broken value"), Refused(400),
         "RFC 9112 5: field-line = field-name ':' OWS field-value OWS", at=b"X-Broken"),
    Case("an empty name", get("/", HOST, ": value"), Refused(400), "RFC 9110 5.1: field-name = token (1 or more tchar)",
         at=b"\r\n: value"),
    Case("a space before the colon", get("/", "Host : example.com"), Refused(400),
         "RFC 9112 5.1: no whitespace between the name and the colon (a server MUST reject it)", at=b"Host :"),
    Case("a tab before the colon", get("/", HOST, "X-A\t: 1"), Refused(400),
         "RFC 9112 5.1: no whitespace between the name and the colon", at=b"\t:"),
    Case("a folded line (space)", get("/", HOST, "X-Long: first part", " second part"), Refused(400),
         "RFC 9112 5.2: obsolete line folding must be rejected (the contract)", at=b" second"),
    Case("a folded line (tab)", get("/", HOST, "X-Long: first part", "\tsecond part"), Refused(400),
         "RFC 9112 5.2: obsolete line folding", at=b"\tsecond"),
    Case("whitespace before the first field", get("/", " Host: example.com"), Refused(400),
         "RFC 9112 2.2: whitespace between the start line and the first field must be rejected", at=b" Host"),
    Case("a bare CR inside a header line", b"POST / HTTP/1.1\r\nHost: a\rContent-Length: 5\r\n\r\nhello", Refused(400),
         "RFC 9112 2.2: a bare CR is no line end (it must be refused, or kept in the value; then 'hello' is left "
         "over after a request without a body)", at=b"\rContent"),
)

HOSTS = (
    Case("HTTP/1.1 without Host", get("/", "Accept: */*"), Refused(400), "RFC 9112 3.2: a client MUST send Host in HTTP/1.1"),
    Case("HTTP/1.1 with no fields at all", get("/"), Refused(400), "RFC 9112 3.2: Host is required"),
    Case("two Host lines, the same value", get("/", HOST, HOST), Refused(400),
         "RFC 9112 3.2: more than one Host line is a 400", at=b"Host: example.com\r\nHost"),
    Case("two Host lines, different values", get("/", HOST, "Host: evil.example"), Refused(400),
         "RFC 9112 3.2: more than one Host line is a 400", at=b"Host: evil"),
    Case("two Host lines, different cases", get("/", "host: example.com", "HOST: example.com"), Refused(400),
         "field names are case-insensitive: this is Host twice", at=b"HOST"),
)

CONTENT_LENGTHS = (
    Case("Content-Length with a plus sign", get("/", HOST, "Content-Length: +5", method="POST", body=b"hello"), Refused(400),
         "RFC 9110 8.6: Content-Length = 1*DIGIT (int('+5') is 5, but '+' is not a digit)", at=b"+5"),
    Case("a negative Content-Length", get("/", HOST, "Content-Length: -1", method="POST"), Refused(400),
         "RFC 9110 8.6: 1*DIGIT", at=b"-1"),
    Case("a fractional Content-Length", get("/", HOST, "Content-Length: 5.0", method="POST", body=b"hello"), Refused(400),
         "RFC 9110 8.6: 1*DIGIT", at=b"5.0"),
    Case("a hex Content-Length", get("/", HOST, "Content-Length: 0x5", method="POST", body=b"hello"), Refused(400),
         "RFC 9110 8.6: decimal digits only", at=b"0x5"),
    Case("a word for a Content-Length", get("/", HOST, "Content-Length: five", method="POST", body=b"hello"), Refused(400),
         "RFC 9110 8.6: 1*DIGIT", at=b"five"),
    Case("an empty Content-Length", get("/", HOST, "Content-Length:", method="POST"), Refused(400),
         "RFC 9110 8.6: at least one digit", at=b"Content-Length:\r"),
    Case("digits with a space inside", get("/", HOST, "Content-Length: 1 2", method="POST", body=b"x" * 12), Refused(400),
         "RFC 9110 8.6: one number", at=b"1 2"),
    Case("two different lengths in one line", get("/", HOST, "Content-Length: 5, 6", method="POST", body=b"hello"),
         Refused(400), "RFC 9112 6.3: differing lengths are a framing error (request smuggling)", at=b"5, 6"),
    Case("two Content-Length lines that differ", get("/", HOST, "Content-Length: 5", "Content-Length: 6", method="POST",
                                                     body=b"hello"),
         Refused(400), "RFC 9112 6.3: differing lengths are a framing error (request smuggling)", at=b"Content-Length: 6"),
)

TRANSFER_ENCODINGS = (
    Case("Transfer-Encoding and Content-Length", get("/", HOST, "Transfer-Encoding: chunked", "Content-Length: 5",
                                                     method="POST", body=b"5\r\nhello\r\n0\r\n\r\n"),
         Refused(400), "RFC 9112 6.1: a request with both is refused (request smuggling)", at=b"Content-Length"),
    Case("Content-Length and Transfer-Encoding", get("/", HOST, "Content-Length: 0", "Transfer-Encoding: chunked",
                                                     method="POST", body=b"0\r\n\r\n"),
         Refused(400), "RFC 9112 6.1: the order does not matter", at=b"Transfer-Encoding"),
    Case("gzip", get("/", HOST, "Transfer-Encoding: gzip", method="POST"), Refused(501),
         "RFC 9112 6.1: a transfer coding the server does not know is 501", at=b"gzip"),
    Case("deflate", get("/", HOST, "Transfer-Encoding: deflate", method="POST"), Refused(501),
         "RFC 9112 6.1: a transfer coding the server does not know is 501", at=b"deflate"),
    Case("identity", get("/", HOST, "Transfer-Encoding: identity", method="POST"), Refused(501),
         "RFC 9112 6.1: 'identity' is not a transfer coding any more; only chunked is", at=b"identity"),
    Case("gzip, then chunked", get("/", HOST, "Transfer-Encoding: gzip, chunked", method="POST", body=b"0\r\n\r\n"),
         Refused(501, also=(400,)), "the contract: codings other than exactly one chunked are 400 or 501", at=b"gzip"),
    Case("chunked twice", get("/", HOST, "Transfer-Encoding: chunked, chunked", method="POST", body=b"0\r\n\r\n"),
         Refused(400, also=(501,)), "RFC 9112 6.1: chunked at most once; the contract: 400 or 501", at=b"chunked, chunked"),
    Case("two Transfer-Encoding lines", get("/", HOST, "Transfer-Encoding: chunked", "Transfer-Encoding: chunked",
                                            method="POST", body=b"0\r\n\r\n"),
         Refused(400, also=(501,)), "the lines make one list, chunked twice; the contract: 400 or 501",
         at=b"Transfer-Encoding: chunked\r\nTransfer"),
)

BAD_CHUNKS = (
    Case("a chunk size that is not hex", post_chunked(b"xyz\r\nhello\r\n0\r\n\r\n"), Refused(400),
         "RFC 9112 7.1: chunk-size = 1*HEXDIG", at=b"xyz"),
    Case("a chunk size with 0x", post_chunked(b"0x5\r\nhello\r\n0\r\n\r\n"), Refused(400),
         "RFC 9112 7.1: 1*HEXDIG, no prefix (int('0x5', 16) is 5)", at=b"0x5"),
    Case("a negative chunk size", post_chunked(b"-5\r\nhello\r\n0\r\n\r\n"), Refused(400), "RFC 9112 7.1: 1*HEXDIG",
         at=b"-5"),
    Case("a chunk size with a plus sign", post_chunked(b"+5\r\nhello\r\n0\r\n\r\n"), Refused(400),
         "RFC 9112 7.1: 1*HEXDIG (int('+5', 16) is 5)", at=b"+5"),
    Case("an empty chunk-size line", post_chunked(b"\r\nhello\r\n0\r\n\r\n"), Refused(400), "RFC 9112 7.1: 1*HEXDIG",
         at=b"\r\nhello"),
    Case("a chunk size ending in a bare LF", post_chunked(b"5\nhello\r\n0\r\n\r\n"), Refused(400),
         "the contract: the bare-LF leniency is for the head only", at=b"5\nhello"),
    Case("chunk data without its CRLF", post_chunked(b"5\r\nhelloX\r\n0\r\n\r\n"), Refused(400),
         "RFC 9112 7.1: chunk-data is followed by CRLF", at=b"X\r\n0"),
    Case("chunk data followed by a bare LF", post_chunked(b"5\r\nhello\n0\r\n\r\n"), Refused(400),
         "the contract: a chunk is followed by CRLF, no bare LF", at=b"o\n0"),
    Case("a chunk longer than its size", post_chunked(b"3\r\nhello\r\n0\r\n\r\n"), Refused(400),
         "RFC 9112 7.1: the size counts every byte of the chunk", at=b"lo\r\n"),
    Case("two other bytes where the chunk's CRLF belongs", post_chunked(b"5\r\nhelloXY0\r\n\r\n"), Refused(400),
         "RFC 9112 7.1: chunk-data is followed by CRLF: check those two bytes, do not just skip them", at=b"XY"),
)

HEAD_LIMITS = (
    Case("a head over max_head", get("/", HOST, *(f"X-Filler-{n}: {'f' * 40}" for n in range(8))), Refused(431),
         "RFC 6585 5: 431 Request Header Fields Too Large; this head is over 400 bytes, max_head=200", max_head=200),
    Case("one long field over the default 8192", get("/", HOST, "Cookie: " + "c" * 9000), Refused(431),
         "RFC 6585 5: the default max_head is 8,192 bytes; this head is over 9,000"),
    Case("a long target over max_head", get("/" + "t" * 500, HOST), Refused(431),
         "the request line counts in the head too; max_head=100", max_head=100),
    Case("a head under max_head", get("/", HOST, "X-Small: 1"), Parsed("GET", "/", "HTTP/1.1", {**H, "x-small": "1"}),
         "a head of 50 bytes with max_head=200 is fine", max_head=200),
)

INCOMPLETE = (
    Case("a body shorter than its Content-Length", get("/", HOST, "Content-Length: 10", method="POST", body=b"hello"),
         Refused(400, incomplete=True), "RFC 9112 8: a message cut short is incomplete (5 of 10 bytes)", at=b"hello"),
    Case("Content-Length but no body at all", get("/", HOST, "Content-Length: 3", method="POST"),
         Refused(400, incomplete=True), "RFC 9112 8: 0 of 3 bytes"),
    Case("a chunked body without its last chunk", post_chunked(b"5\r\nhello\r\n"), Refused(400, incomplete=True),
         "RFC 9112 7.1: the body ends only with the last chunk"),
    Case("a chunked body cut inside a chunk", post_chunked(b"a\r\nhello"), Refused(400, incomplete=True),
         "RFC 9112 7.1: 5 of the chunk's 10 bytes"),
    Case("a chunked body without the final CRLF", post_chunked(b"5\r\nhello\r\n0\r\n"), Refused(400, incomplete=True),
         "RFC 9112 7.1: the trailer section ends with a blank line"),
    Case("a head without its blank line", b"GET / HTTP/1.1\r\nHost: example.com\r\n", Refused(400),
         "RFC 9112 2.1: the head ends with an empty line"),
    Case("nothing at all", b"", Refused(400), "an empty message is not a request"),
)

LEFTOVERS = (
    Case("bytes after a request without a body", get("/", HOST) + b"X", Refused(400),
         "the contract: exactly one request; a request without Content-Length has no body", at=b"\r\n\r\nX"),
    Case("bytes after a Content-Length body", get("/", HOST, "Content-Length: 5", method="POST", body=b"hello, world"),
         Refused(400), "the contract: exactly one request; 5 bytes of body, then 7 more", at=b", world"),
    Case("bytes after a chunked body", post_chunked(b"5\r\nhello\r\n0\r\n\r\nGET"), Refused(400),
         "the contract: exactly one request", at=b"\r\n\r\nGET"),
    Case("two requests", get("/one", HOST) + get("/two", HOST), Refused(400),
         "parse_request takes exactly one request (RequestReader takes them one after another)", at=b"GET /two"),
)

GROUPS = {
    "shapes": SHAPES, "headers": HEADERS, "line ends": LINE_ENDS, "bodies": BODIES, "chunked": CHUNKED,
    "request lines": REQUEST_LINES, "versions": VERSIONS, "field lines": FIELD_LINES, "hosts": HOSTS,
    "content lengths": CONTENT_LENGTHS, "transfer encodings": TRANSFER_ENCODINGS, "bad chunks": BAD_CHUNKS,
    "head limits": HEAD_LIMITS, "incomplete": INCOMPLETE, "leftovers": LEFTOVERS,
}
ALL = tuple(case for group in GROUPS.values() for case in group)
