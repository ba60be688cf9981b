"""Exercise 3 · Newline-delimited messages

Many protocols (SMTP, Redis, IRC, JSON Lines, the chat server of exercise-6) send one
message per line. TCP knows nothing of lines: it delivers a stream of bytes, and one
`recv()` may return half a line, a line and a half, or ten lines at once. So a reader keeps a
*buffer*: it appends what arrives, hands out a line once its `b"\\n"` is in the buffer, and
keeps the rest for the next call.

Write:

- `send_line(sock, text)`: send `text` and a `"\\n"` (UTF-8, every byte). A text holding
  `"\\n"` or `"\\r"` would break the framing: raise `ValueError` instead of sending it.
- `LineReader(sock, max_line=65_536)`, with `readline()` that returns the next line:
  - without its terminator, which is `"\\n"` or `"\\r\\n"` (a `"\\r"` elsewhere is part of the
    line; split on `b"\\n"` only, since `str.splitlines()` also splits on `"\\r"`, `"\\x0b"`,
    `"\\u2028"` and more);
  - `""` for an empty line, and `None` when the peer closes cleanly (between lines);
  - `IncompleteMessageError` (with `.partial`, the bytes of the cut line) when the peer closes
    in the middle of a line;
  - `LineTooLongError` as soon as a line is known to be longer than `max_line` bytes, even if
    its end has not arrived yet (do not buffer the rest of a line you will refuse). A line's
    length counts every byte before its `"\\n"`, a `"\\r"` included. Complete lines that came
    before the long one are returned first;
  - `UnicodeDecodeError` for a line that is not UTF-8.
  `for line in reader:` gives every line until the close.
  Reading 200,000 short lines that arrive in a few large chunks takes well under a second:
  read big pieces, and do not copy the whole buffer for every line.

Example, with a peer that sends b"HELO a\\r\\nMAIL" and then b" b\\n\\n" and closes:

    >>> reader = LineReader(sock)
    >>> reader.readline(), reader.readline(), reader.readline(), reader.readline()
    ('HELO a', 'MAIL b', '', None)

Check your work with `grade exercise-3`; stuck? `grade hint exercise-3`.
"""

import socket
from collections.abc import Iterator

RECV_SIZE = 65_536


class LineTooLongError(ValueError):
    """A line is longer than the reader's max_line."""


class IncompleteMessageError(ConnectionError):
    """The peer closed the connection in the middle of a message; `.partial` holds its bytes."""

    def __init__(self, message: str, partial: bytes = b"") -> None:
        super().__init__(message)
        self.partial = partial


def send_line(sock: socket.socket, text: str) -> None:
    """Send `text` and a newline; refuse text that holds a line break."""
    raise NotImplementedError('send_line() is not written yet: write it in exercises/ex03_lines.py')


class LineReader:
    """Reads newline-delimited UTF-8 lines from a socket."""

    def __init__(self, sock: socket.socket, max_line: int = 65_536) -> None:
        """Read lines of at most `max_line` bytes from `sock`."""
        raise NotImplementedError('LineReader() is not written yet: write it in exercises/ex03_lines.py')

    def readline(self) -> str | None:
        """The next line without its terminator, or None at a clean close."""
        raise NotImplementedError('LineReader.readline() is not written yet: write it in exercises/ex03_lines.py')

    def __iter__(self) -> Iterator[str]:
        """Every line until the peer closes."""
        raise NotImplementedError('LineReader.__iter__() is not written yet: write it in exercises/ex03_lines.py')
