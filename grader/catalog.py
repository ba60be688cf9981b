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
