"""The exercises the kit offers: ids, modules, titles, the names each contract fixes, and hints.

`../shared/CURRICULUM.md` is the contract; this catalog is what the grader needs of it. `todo`
names are what the learner writes (their bodies are replaced in the stub); `given` names are
complete in the stub too. The checks need every one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Exercise:
    number: int
    module: str
    title: str
    todo: tuple[str, ...]
    given: tuple[str, ...]
    hints: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"exercise-{self.number}"

    @property
    def names(self) -> tuple[str, ...]:
        return self.given + self.todo

    @property
    def filename(self) -> str:
        return f"{self.module}.py"

    @property
    def check_filename(self) -> str:
        return f"test_{self.module}.py"


EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        number=1,
        module="ex01_bytes",
        title="Text on the wire",
        todo=("send_text", "recv_text", "iter_text"),
        given=("MessageTooLargeError",),
        hints=(
            "send() may send only part of what you give it and returns how many bytes it took. "
            "Loop until every byte is gone, or use sendall(), which does the loop for you.",
            "The byte count is len(text.encode('utf-8')), not len(text): 'é' is one character "
            "but two bytes.",
            "One recv() returns whatever has arrived so far, which may be a single byte. The "
            "peer has closed its side only when recv() returns b''.",
            "A UTF-8 character can be cut in two between reads. Decoding each chunk on its own "
            "fails on such a cut: keep the bytes until the end, or use "
            "codecs.getincrementaldecoder('utf-8')(), and call its decode(b'', final=True) at "
            "the close so that a character cut off by the close raises UnicodeDecodeError.",
            "Count the bytes as they arrive and raise MessageTooLargeError as soon as the count "
            "passes the limit: waiting for the close lets a peer fill your memory.",
        ),
    ),
    Exercise(
        number=2,
        module="ex02_fixed",
        title="Exact reads and fixed-size records",
        todo=("recv_exactly", "iter_readings", "send_readings"),
        given=("IncompleteReadError", "READING", "Reading"),
        hints=(
            "recv(n) returns at most n bytes. Call it again for the rest, asking only for "
            "what is still missing, so that you never take bytes that belong to the next record.",
            "recv() returning b'' means the peer closed. Before n bytes that is an error "
            "(IncompleteReadError with what you got); looping on b'' forever hangs.",
            "recv_exactly(sock, 0) returns b'' without calling recv(): recv(0) returns b'' too, "
            "which looks just like a close.",
            "Byte order matters: READING is '!IHh', network byte order (big-endian). Without the "
            "'!', struct.Struct('IHh') uses your machine's order, little-endian on most computers, "
            "so sensor 1 (b'\\x00\\x01') would be read as 256.",
            "The temperature is a signed 16-bit count of hundredths ('h'): divide it by 100 when "
            "reading; b'\\xfe\\xcd' is -307, that is -3.07 °C.",
            "A close between two records is the normal end; a close in the middle of one is "
            "not. Read the first byte of a record on its own to tell the two apart.",
            "celsius * 100 is not exact in floating point (0.29 * 100 is 28.999999999999996): "
            "round() it, int() would cut it to 28.",
        ),
    ),
    Exercise(
        number=3,
        module="ex03_lines",
        title="Newline-delimited messages",
        todo=("send_line", "LineReader"),
        given=("LineTooLongError", "IncompleteMessageError"),
        hints=(
            "TCP delivers a stream of bytes, not messages: one recv() can hold half a line or "
            "ten lines. Keep a buffer; return a line only when its b'\\n' is in the buffer, and "
            "keep the rest for the next call.",
            "Split on b'\\n' only, then drop one b'\\r' at the end of the line. str.splitlines() "
            "also splits on '\\r', '\\x0b', '\\u2028' and more, which are ordinary bytes here.",
            "An empty line is '' and a clean close is None: keep the two apart.",
            "When the buffer holds more than max_line bytes and no b'\\n', the line is already "
            "too long: raise LineTooLongError then, instead of reading the rest of it.",
            "Read in big pieces (recv(65536)) and do not copy the whole buffer for every line: "
            "200,000 lines should take a fraction of a second.",
        ),
    ),
    Exercise(
        number=4,
        module="ex04_frames",
        title="Length-prefixed messages",
        todo=("send_frame", "recv_frame", "send_json", "recv_json"),
        given=("HEADER", "MAX_FRAME", "FrameTooLargeError", "IncompleteMessageError", "ProtocolError"),
        hints=(
            "A frame is a 4-byte big-endian length, then that many bytes: HEADER.pack(len(payload)) "
            "+ payload. Use HEADER (network order), not struct.pack('I', ...).",
            "Read exactly 4 bytes of header, then exactly that many bytes of payload; both may "
            "arrive in many pieces, and the next frame may already be in the same piece. Ask recv() "
            "only for the bytes still missing: recv_frame keeps no buffer between calls, so anything "
            "read past the frame is lost.",
            "Never trust the length header: check it against max_size before reading or "
            "allocating the payload, or a peer can make you wait for (or allocate) 4 GiB. A payload "
            "of exactly max_size bytes is allowed: compare with >.",
            "A close before the first header byte is a clean end (None); a close inside a header "
            "or payload is IncompleteMessageError. An empty frame is b'', not None.",
            "Compact JSON is json.dumps(obj, separators=(',', ':')); the default puts a space after "
            "every ',' and ':'. Encode the text as UTF-8 and send it with send_frame().",
            "In recv_json, return None at once when recv_frame() returns None. Decode strictly (never "
            "errors='replace'); json.loads() raises json.JSONDecodeError and bytes.decode() raises "
            "UnicodeDecodeError: turn both into ProtocolError.",
        ),
    ),
    Exercise(
        number=5,
        module="ex05_client",
        title="A client that survives the network",
        todo=("ask", "ask_many"),
        given=("ServiceError", "ServiceUnavailable", "ServiceTimeout", "ServiceDisconnected"),
        hints=(
            "socket.create_connection(address, timeout) bounds connecting, and the timeout it sets on "
            "the socket bounds every recv() after it. Without a timeout, a service that never answers "
            "keeps your code waiting forever.",
            "Catch the most specific exception first: TimeoutError (socket.timeout), then "
            "ConnectionRefusedError or other OSErrors while connecting (ServiceUnavailable), then "
            "ConnectionResetError and other OSErrors while talking (ServiceDisconnected). Write "
            "`raise ServiceTimeout(...) from exc` so that the original is the __cause__.",
            "recv() returning b'' is the service's clean close. Before the answer's b'\\n' that is "
            "ServiceDisconnected (with no cause: nothing was raised), never an answer.",
            "Keep a buffer, as in exercise-3: one recv() returns whatever has arrived, a single byte "
            "or two answer lines at once. Return a line only when its b'\\n' is in the buffer.",
            "`with socket.create_connection(...) as sock:` closes the socket on every path, when an "
            "exception escapes too. A sock.makefile() holds the connection open until it is closed "
            "itself.",
            "ask_many pipelines: send every question first (one sendall of all the lines), then read "
            "one answer line per question.",
        ),
    ),
    Exercise(
        number=6,
        module="ex06_chat",
        title="A chat server for many clients",
        todo=("ChatServer",),
        given=(),
        hints=(
            "Keep a buffer for each client, as in exercise-3: one recv() can hold half a command or "
            "several, and each complete line in the buffer is one command.",
            "Serve every client at once: a thread per client (guard the shared table of clients with "
            "a threading.Lock), or one thread with a selectors selector and non-blocking sockets.",
            "A client that stops reading must not stop the others: once its buffers are full, "
            "sendall() to it blocks. Queue what it cannot take yet (per-client queues sent when the "
            "socket is writable, or a sender thread per client), and disconnect it once more than "
            "1 MiB waits for it.",
            "A client can vanish with a reset: its recv() raises ConnectionResetError and send() to it "
            "BrokenPipeError. Catch them for that client alone, treat it as QUIT, and tell the others "
            "'* <name> left'.",
            "Check a line's length as its bytes arrive: when the buffer holds more than max_line bytes "
            "and no b'\\n', answer ERR line too long and close that connection.",
            "stop() must really close the listener: a thread blocked in accept() is not woken by "
            "close() from another thread, and the port keeps accepting. Wait with a timeout (a "
            "selector, or listener.settimeout(0.1)) and look at a stopping flag, or call "
            "listener.shutdown(socket.SHUT_RDWR) first.",
        ),
    ),
    Exercise(
        number=7,
        module="ex07_udp",
        title="Requests over a lossy network",
        todo=("udp_request",),
        given=("UDPTimeoutError", "MAX_PAYLOAD"),
        hints=(
            "A datagram is the 4-byte id then the payload: struct.pack('!I', request_id) + payload. "
            "The answer carries the same 4 bytes first; what follows them is the answer.",
            "Pick the id once, before the first send, and send exactly the same bytes on every "
            "attempt, from the same socket: an answer to the first attempt may arrive during the "
            "second, and it must still count.",
            "recvfrom() returns (data, address). Keep a datagram only if the address is the one "
            "you asked and its first 4 bytes are your id; anything else is a stale duplicate or a "
            "stranger's, and you go on waiting.",
            "Each attempt waits `timeout` seconds in all: keep a deadline (time.monotonic() + "
            "timeout) and before each recvfrom() give the socket only the time left, or a stream of "
            "junk datagrams keeps you waiting forever.",
            "Count the sends: after `attempts` of them with no answer, raise UDPTimeoutError. Check "
            "the arguments (payload size, attempts, timeout) before creating the socket, and create it "
            "with `with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:` so that it is closed "
            "on every path.",
        ),
    ),
    Exercise(
        number=8,
        module="ex08_http_request",
        title="Parsing an HTTP request",
        todo=("parse_request", "RequestReader"),
        given=("Request", "HTTPParseError", "IncompleteRequestError"),
        hints=(
            "A request is a head of text lines, an empty line, then the body. Find the end of the "
            "head first (b'\\r\\n\\r\\n', or b'\\n\\n' with bare LFs), split the head into lines, and "
            "only then look at the body.",
            "The request line splits on single spaces into exactly three non-empty parts: "
            "line.split(b' ') and a length check. split() without an argument also splits on tabs and "
            "runs of spaces, which the contract refuses.",
            "Header names are case-insensitive: lower-case them, and join a repeated name's values with "
            "', '. Check every line: a colon, a non-empty name, no whitespace before the colon, no space "
            "or tab at the start (a folded line). Count the Host lines before joining them.",
            "Content-Length must be all digits: int() accepts '+5' and ' 5 ', so test the text with "
            "re.fullmatch('[0-9]+', value) first. Transfer-Encoding with Content-Length is 400: two ways "
            "to frame one body is how requests are smuggled past a proxy.",
            "A chunked body is a loop: a size line in hex ending in CRLF (drop any ';extension'), that many "
            "bytes, CRLF; size 0 ends it, then trailer lines up to an empty line. int(size, 16) accepts '0x5' "
            "and '+5' too: test the text with re.fullmatch('[0-9A-Fa-f]+', size) first.",
            "RequestReader keeps a buffer between calls: try to parse a whole request from it; if it is not "
            "complete yet, recv() more and try again; after a request, keep the bytes that follow for the "
            "next call. Refuse an over-long head (431) or body (413) as soon as you know, before reading it.",
        ),
    ),
    Exercise(
        number=9,
        module="ex09_http_client",
        title="An HTTP/1.1 client on raw sockets",
        todo=("build_request", "read_response", "http_get"),
        given=("Response", "HTTPParseError", "IncompleteResponseError"),
        hints=(
            "build_request: the request line, the header lines and an empty line, each ending in "
            "'\\r\\n', then the body. Compare header names with .lower() so that a caller's 'host' "
            "replaces your Host, and refuse '\\r' or '\\n' in any name or value.",
            "read_response: read until the head is complete (an empty line), parse the status line and the "
            "headers, then decide where the body ends. The bytes of the body may already be in the buffer "
            "with the head: keep them.",
            "No body for a HEAD request (whatever Content-Length says), for 1xx, 204 and 304. Then, in order: "
            "Transfer-Encoding: chunked (it wins over Content-Length), Content-Length (exactly that many "
            "bytes, without waiting for the close: the server may keep the connection open), else until "
            "the close.",
            "recv() returning b'' before the announced body is complete means the server closed too early: "
            "raise IncompleteResponseError, do not return what you have.",
            "http_get: urllib.parse.urlsplit(url) gives the scheme, hostname, port, path and query. Send "
            "path + '?' + query (or '/'), and Host: host:port unless the port is 80; "
            "socket.create_connection((host, port), timeout=timeout) sets the timeout for every wait.",
        ),
    ),
    Exercise(
        number=10,
        module="ex10_api_client",
        title="A careful JSON API client",
        todo=("make_session", "get_user", "create_user", "search_users"),
        given=(
            "TOKEN_ENV", "User", "ConfigError", "APIError", "AuthError", "NotFoundError", "ClientError",
            "ServerError", "APITimeoutError", "APIConnectionError", "BadResponseError",
        ),
        hints=(
            "requests waits forever unless told otherwise: pass timeout=timeout to every request "
            "(session.get(url, timeout=timeout)). A server that stalls must cost you the timeout, not "
            "the rest of your program.",
            "Put the headers on the session once: session.headers['Authorization'] = f'Bearer {token}' "
            "and session.headers['Accept'] = 'application/json'. `token or os.environ.get(TOKEN_ENV)` "
            "treats an empty string as no token.",
            "Check the answer before calling .json(): first the status (raise the exception that fits "
            "401/403, 404, other 4xx, 5xx; any other status than the expected 200 or 201 is a bad "
            "response), then the Content-Type (application/json or application/...+json, ignoring "
            "'; charset=...'), then the JSON itself: .json() raises ValueError on HTML or a cut-off body.",
            "Check every field's type: isinstance(value, int) is True for True and False, so test "
            "`isinstance(value, bool)` first; '7' is a str, 7.0 a float.",
            "Catch requests.Timeout before requests.ConnectionError: ConnectTimeout is both. A timeout "
            "while the body arrives comes as requests.ConnectionError whose cause (exc.__context__, or "
            "exc.args[0]) is urllib3's ReadTimeoutError: look for it, it is still a timeout.",
            "Build URLs by adding to base_url (f'{base_url}/users/{user_id}'); let requests encode the "
            "query (params={'q': query, ...}), and keep the full URL (response.url, or the prepared "
            "request's .url) for the exception's .url.",
            "Error messages end up in logs: say the method, URL and status, never the headers, and "
            "never the token.",
        ),
    ),
    Exercise(
        number=11,
        module="ex11_retries",
        title="Retries, backoff and idempotency",
        todo=("backoff_delay", "parse_retry_after", "request_with_retries"),
        given=("RetryPolicy", "IDEMPOTENT_METHODS", "RetriesExhausted"),
        hints=(
            "Full jitter is rng.uniform(0, cap) with cap = min(policy.max_backoff, policy.backoff * "
            "2 ** retry_number); the first retry has retry_number 0. Use the rng you are given, not "
            "the random module, so that a test can predict the waits.",
            "Delay-seconds are digits only: value.isdigit() (on ASCII) before int(); int() also "
            "accepts '+5', ' 5' and '5_000'. For the date, email.utils.parsedate_to_datetime(value) "
            "gives an aware datetime: .timestamp() - now, and max(0.0, ...) for a date in the past. "
            "Read time.time() when called (`now=None` as the default), not when the module loads.",
            "Decide once whether the request may be repeated: method.upper() in IDEMPOTENT_METHODS, or "
            "an Idempotency-Key among the headers (compare names with .lower()). If not, send it once: "
            "return its answer, or let its exception propagate.",
            "Never call time.sleep() yourself: call the `sleep` you were given, and only between "
            "attempts (after the last one there is nothing to wait for).",
            "With a Retry-After header that parse_retry_after() can read, wait exactly that long; if it "
            "is longer than policy.max_retry_after, raise RetriesExhausted at once instead of waiting.",
            "Keep the headers (and the Idempotency-Key in them) exactly as the caller gave them: the "
            "same key on every attempt is what lets the server see a repeat.",
            "kwargs.get('timeout') is None both when timeout is missing and when it is None: then set "
            "kwargs['timeout'] = 5.0.",
        ),
    ),
    Exercise(
        number=12,
        module="ex12_pagination",
        title="Paging through a rate-limited API",
        todo=("next_link", "RateLimiter", "iter_items"),
        given=("PaginationError",),
        hints=(
            "Parse the Link header link by link: find '<', the URL runs to '>', then read '; name=value' "
            "parameters until a ',' that is outside quotes. Splitting the header on ',' first breaks "
            "URLs and titles that hold commas. rel may be quoted or not, and hold several words: "
            "'next' in value.split().",
            "A relative link is relative to the page that carried it: urljoin(response.url, link).",
            "Make iter_items a generator: fetch a page, `yield from` its items, and only then fetch the "
            "next. Building a list of every item first is not lazy.",
            "Keep a set of the URLs fetched (the first included); a next link already in it is a loop. "
            "Count pages and raise before fetching page max_pages + 1.",
            "On 429, wait what Retry-After says (1 s without it) with limiter.sleep if there is a "
            "limiter (time.sleep otherwise), call limiter.acquire() again and fetch the same page. For "
            "other errors, response.raise_for_status().",
            "A token bucket: tokens = min(burst, tokens + (now - last) * rate) with now = clock(); if "
            "tokens >= 1 take one, else sleep((1 - tokens) / rate) and look again. Start with "
            "tokens = burst and last = clock().",
        ),
    ),
    Exercise(
        number=13,
        module="ex13_webhooks",
        title="Receiving webhooks",
        todo=("create_app",),
        given=(),
        hints=(
            "Keep everything an app remembers (the processed ids, the lock) inside create_app(), so that "
            "each app starts empty; module-level sets are shared by every app.",
            "Check in the contract's order: size (request.content_length, and request.stream.read(65_537) "
            "for a chunked body without one), content type (request.is_json), signature and timestamp, "
            "then the JSON. Parse nothing before the signature is verified.",
            "The signature is hmac.new(secret, f'{timestamp}.'.encode() + body, hashlib.sha256).hexdigest() "
            "over the raw body bytes, the timestamp included; compare it with "
            "hmac.compare_digest(expected.encode(), given.lower().encode()) after removing 'sha256='. "
            "compare_digest on str fails on non-ASCII text: compare bytes.",
            "Freshness: abs(clock() - int(timestamp)) <= 300, with the clock you were given (not "
            "time.time()).",
            "werkzeug serves each request in its own thread: `if id not in seen: on_event(...); "
            "seen.add(id)` lets two deliveries that arrive together both pass the test. Under a lock, "
            "check and mark the id in one step, and call on_event after marking it.",
            "Mark an event only once every check has passed: a refused delivery (a bad signature) must "
            "not make the genuine one look like a duplicate.",
        ),
    ),
)


def find(name: str) -> Exercise | None:
    """The exercise `name` means: 'exercise-3', '3', 'ex03', 'ex3' or 'ex03_lines'."""
    text = name.strip().lower()
    for exercise in EXERCISES:
        if text == exercise.module:
            return exercise
    match = re.fullmatch(r"(?:exercise-?|ex)?0*([0-9]+)", text)
    if match:
        number = int(match.group(1))
        return next((e for e in EXERCISES if e.number == number), None)
    return None


def by_module(module: str) -> Exercise | None:
    return next((e for e in EXERCISES if e.module == module), None)
