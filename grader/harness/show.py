"""How values look in a learner's failure message: Python literals, kept short.

`show(b"x" * 4000)` is `b'x' * 4000`, long bytes and text are cut with a count of what is
left out, so a message stays readable whatever the code under test returned.
"""

from __future__ import annotations

import socket
from typing import Any

from ..words import count  # noqa: F401 - checks take it from here, with show

MAX_CHARS = 60  # of a bytes or str literal, before it is cut
MAX_ITEMS = 6  # of a list, tuple or set, before it is cut
MAX_LINE_CHARS = 100  # of one line's literal in show_lines
MAX_LINES = 14  # shown by show_lines before the rest is summed up


def show(value: Any) -> str:
    if isinstance(value, bytearray):  # told apart from bytes: a contract may ask for either
        return f"bytearray({_show_sequence(bytes(value), 'bytes')})"
    if isinstance(value, bytes):
        return _show_sequence(value, "bytes")
    if isinstance(value, str):
        return _show_sequence(value, "characters")
    if isinstance(value, socket.socket):
        return "sock"
    if isinstance(value, BaseException):
        return show_exception(value)
    if type(value) in (list, tuple, set, frozenset):
        return _show_items(value)
    text = repr(value)
    return text if len(text) <= 2 * MAX_CHARS else text[: 2 * MAX_CHARS] + "…"


def show_lines(data: bytes, at: int | None = None) -> list[str]:
    """Bytes of a line-based protocol, one literal per line, and a caret under byte `at`.

        b'POST / HTTP/1.1\\r\\n'
        b'Content-Length: +5\\r\\n'
                          ^
    """
    lines = data.splitlines(keepends=True) or [b""]
    shown: list[str] = []
    start = 0
    for number, line in enumerate(lines):
        end = start + len(line)
        if number == MAX_LINES - 1 and len(lines) > MAX_LINES and not (at is not None and at >= start):
            rest = len(data) - start
            shown.append(f"… ({len(lines) - number:,} more lines, {rest:,} bytes)")
            break
        literal = _show_sequence(line, "bytes", MAX_LINE_CHARS)
        shown.append(literal)
        if at is not None and start <= at < max(end, start + 1) and literal == repr(line):
            shown.append(" " * (len(repr(line[: at - start])) - 1) + "^")
        start = end
    return shown


def show_exception(exc: BaseException) -> str:
    """`ValueError: bad`; a class named just `error` gets its module: `struct.error: ...`."""
    name = type(exc).__name__
    if name == "error":
        name = f"{type(exc).__module__}.error"
    message = str(exc)
    return f"{name}: {message}" if message else name


def _show_sequence(value, unit: str, limit: int = MAX_CHARS) -> str:
    if len(value) > 8 and len(set(value)) == 1:
        return f"{value[:1]!r} * {len(value):,}"
    literal = repr(value)
    if len(literal) <= limit:
        return literal
    shown = value[: limit // 2]
    while len(repr(shown)) > limit and len(shown) > 1:
        shown = shown[:-1]
    return f"{shown!r}… ({len(value):,} {unit} in all)"


def _show_items(items) -> str:
    if isinstance(items, (set, frozenset)):
        if not items:
            return repr(items)
        items, (opening, closing) = sorted(items, key=repr), ("{", "}")
    else:
        opening, closing = ("[", "]") if isinstance(items, list) else ("(", ")")
    shown = [show(item) for item in items[:MAX_ITEMS]]
    if len(items) > MAX_ITEMS:
        shown.append(f"… ({len(items):,} items in all)")
    elif opening == "(" and len(items) == 1:
        shown[0] += ","
    return opening + ", ".join(shown) + closing
