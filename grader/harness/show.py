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


def show_exception(exc: BaseException) -> str:
    """`ValueError: bad`; a class named just `error` gets its module: `struct.error: ...`."""
    name = type(exc).__name__
    if name == "error":
        name = f"{type(exc).__module__}.error"
    message = str(exc)
    return f"{name}: {message}" if message else name


def _show_sequence(value, unit: str) -> str:
    if len(value) > 8 and len(set(value)) == 1:
        return f"{value[:1]!r} * {len(value):,}"
    literal = repr(value)
    if len(literal) <= MAX_CHARS:
        return literal
    shown = value[:MAX_CHARS // 2]
    while len(repr(shown)) > MAX_CHARS and len(shown) > 1:
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
