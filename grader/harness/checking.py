"""The vocabulary checks are written in: call learner code, compare, and fail in plain words.

A check reads as a short story:

    sock, server = tcp.server(send(text, pieces=DRIBBLE), close())
    check.returns("hé", call(impl.recv_text, sock), hint="keep calling recv() until it returns b''")

and a failing one tells it back to the learner, peer first:

    the server sent b'h' · b'\\xc3' · b'\\xa9' (3 pieces), then closed the connection
    recv_text(sock) returned 'h'
    expected 'hé'
    hint: keep calling recv() until it returns b''

The `Checker` is the only author of learner messages. Every call into learner code goes through
`Checker.run`, which turns whatever escapes it (an exception, a stub's NotImplementedError,
sys.exit(), the timer's CheckTimeout) into that kind of message; and whatever escapes a check
outside such a call is told by `Checker.verdict`, which the plugin asks. A hint is a string, or
a function of what escaped (None when nothing did) for checks whose advice depends on it: a hang
after a close says something else than a wrong value. Messages end the check with
`pytest.fail(..., pytrace=False)`: the learner sees the message, not a traceback into the kit.

Comparisons are exact by default: `returns(b"ab", ...)` is not satisfied by `bytearray(b"ab")`,
nor `returns(3, ...)` by `3.0` or `True`; where a contract allows any sequence, say
`same=any_sequence`.
"""

from __future__ import annotations

import os
import re
import traceback
from contextlib import contextmanager
from typing import Any, Callable, Iterator

import pytest

from ..learner.rpc import Gone
from ..statuses import ERROR, FAIL
from .loading import ExerciseUnavailable
from .show import show, show_exception
from .timer import CheckTimeout

EXTRA_ITEMS = 1_000  # items past the expected ones after which `yields` stops iterating

Hint = str | Callable[[BaseException | None], str]


class Call:
    """A call into learner code, not made yet, that can say what it is: `recv_text(sock, limit=10)`."""

    def __init__(self, fn: Callable, *args: Any, **kwargs: Any) -> None:
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self._text: str | None = None

    def __call__(self) -> Any:
        return self.fn(*self.args, **self.kwargs)

    def shown_as(self, text: str) -> Call:
        """Describe the call as `text` (for calls like `next(iter_text(sock))`)."""
        self._text = text
        return self

    def __str__(self) -> str:
        if self._text is not None:
            return self._text
        shown = [show(a) for a in self.args] + [f"{k}={show(v)}" for k, v in self.kwargs.items()]
        return f"{name_of(self.fn)}({', '.join(shown)})"


def call(fn: Callable, *args: Any, **kwargs: Any) -> Call:
    return Call(fn, *args, **kwargs)


def name_of(fn: Callable) -> str:
    """`recv_text`, `LineReader`, or `reader.readline` for a method of a LineReader."""
    owner = getattr(fn, "__self__", None)
    name = getattr(fn, "__name__", None) or type(fn).__name__
    if owner is not None and not isinstance(owner, type) and not _is_module(owner):
        words = re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", type(owner).__name__)
        return f"{(words[-1] if words else 'obj').lower()}.{name}"
    return name


def _is_module(obj: Any) -> bool:
    return type(obj).__name__ == "module"


def learner_frames(exc: BaseException) -> list[traceback.FrameSummary]:
    """The frames an exception passed: those the learner's process sent with it, or its own traceback."""
    frames = getattr(exc, "__netlings_frames__", None)
    return frames if frames is not None else traceback.extract_tb(exc.__traceback__)


def is_timeout(exc: BaseException | None) -> bool:
    return isinstance(exc, CheckTimeout)


# Comparing ----------------------------------------------------------------------------------


def exactly(got: Any, expected: Any) -> bool:
    """Equal, and of the same type all the way down: b"a" is not bytearray(b"a"), 1 is not 1.0 or True.

    An int is accepted where a float is expected (as Python's typing does), never a bool.
    """
    return type_difference(got, expected) is None and _equal(got, expected)


def any_sequence(got: Any, expected: Any) -> bool:
    """A list or a tuple whose items are exactly the expected ones."""
    return isinstance(got, (list, tuple)) and exactly(list(got), list(expected))


def type_difference(got: Any, expected: Any, where: str = "") -> str | None:
    """Where `got` has another type than `expected`, in words, or None when the types agree."""
    if not _same_kind(got, expected):
        return f"{where}{a_type(got)}, not {a_type(expected)}" if where else f"{a_type(got)}, not {a_type(expected)}"
    if isinstance(expected, (list, tuple)) and len(got) == len(expected):
        for index, (item, wanted) in enumerate(zip(got, expected)):
            found = type_difference(item, wanted, f"item {index} is ")
            if found:
                return found
    if isinstance(expected, dict) and got.keys() == expected.keys():
        for key in expected:
            found = type_difference(got[key], expected[key], f"the value of {show(key)} is ")
            if found:
                return found
    return None


def _same_kind(got: Any, expected: Any) -> bool:
    if type(expected) is float and type(got) is int:
        return True
    return type(got) is type(expected)


def _equal(got: Any, expected: Any) -> bool:
    try:
        return bool(got == expected)
    except Exception:  # noqa: BLE001 - a value that cannot even be compared is not the one expected
        return False


ARTICLES = {bytes: "bytes", type(None): "None"}


def a_type(value: Any) -> str:
    """'an int', 'a bytearray', 'bytes', 'None': how a message names a value's type."""
    kind = type(value)
    if kind in ARTICLES:
        return ARTICLES[kind]
    name = kind.__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


# The checker --------------------------------------------------------------------------------


class Checker:
    """The `check` fixture: runs learner calls and fails with the story of what happened.

    `timeout` is the check's time limit (for "still waiting after 2 s"); `impl_dir` tells
    learner frames from the kit's in tracebacks; the mock-server fixtures `watch` their peers,
    which are told at the top of every failure message.
    """

    def __init__(self, timeout: float, impl_dir: str) -> None:
        self.timeout = timeout
        self.impl_dir = os.path.realpath(impl_dir)
        self.watched: list[tuple[Any, str, bool]] = []  # (peer or server, role, transcript)
        self.setup: list[str] = []  # odd things about the check's set-up, told before the peers

    def watch(self, peer, role: str = "server", *, transcript: bool = False, first: bool = False) -> None:
        """Tell `peer` in every failure: a chunking Peer, a server whose connections learner code
        makes (it has `.peers`), or anything that tells itself (it has `story_lines(role)`).

        With `transcript`, a chunking peer's conversation is shown message by message, line by
        line; with `first`, it is told before the peers watched so far.
        """
        entry = (peer, role, transcript)
        self.watched.insert(0, entry) if first else self.watched.append(entry)

    @contextmanager
    def context(self, *lines: str) -> Iterator[None]:
        """Tell `lines` first in every failure inside the `with` (what the check is looking at now).

        Peers watched inside the `with` are told only there: a check that tries several
        connections in turn tells each failure with its own connection's story.
        """
        self.setup.extend(lines)
        watched = len(self.watched)
        try:
            yield
        finally:
            del self.setup[len(self.setup) - len(lines):]
            del self.watched[watched:]

    # Asking ----------------------------------------------------------------------------

    def run(self, the_call: Call, *, expected: str, hint: Hint) -> Any:
        """Make the call and return its result; if anything escapes it, fail and say what."""
        try:
            return the_call()
        except BaseException as exc:  # noqa: BLE001 - everything learner code does is reported
            self.fail(self.what_happened(the_call, exc), f"expected {expected}", hint=hint, cause=exc)

    def returns(self, expected: Any, the_call: Call, *, hint: Hint, same: Callable = exactly) -> Any:
        """The call returns something `same` as `expected` (exactly equal, by default)."""
        got = self.run(the_call, expected=show(expected), hint=hint)
        if not same(got, expected):
            self.fail(f"{the_call} returned {self.shown_with_type(got, expected)}", f"expected {show(expected)}", hint=hint)
        return got

    def raises(self, exc_type: type[BaseException], the_call: Call, *, hint: Hint, expected: str = "") -> BaseException:
        """The call raises `exc_type` (or a subclass); return the exception for a closer look."""
        expected = expected or f"{exc_type.__name__}"
        try:
            got = the_call()
        except CheckTimeout as exc:  # never the exception a check expects
            self.fail(self.what_happened(the_call, exc), f"expected {expected}", hint=hint, cause=exc)
        except exc_type as exc:
            if not self._unwritten(exc) or exc_type is NotImplementedError:
                return exc
            self.fail(self.what_happened(the_call, exc), f"expected {expected}", cause=exc)
        except BaseException as exc:  # noqa: BLE001
            self.fail(self.what_happened(the_call, exc), f"expected {expected}", hint=hint, cause=exc)
        self.fail(f"{the_call} returned {show(got)}", f"expected {expected}", hint=hint)

    def yields(self, expected: list, the_call: Call, *, hint: Hint, same: Callable = exactly) -> list:
        """Iterating over what the call returns gives the `expected` items, in order.

        An iteration that goes on well past them is cut short (it could fill memory otherwise).
        """
        items: list = []
        what = f"iterating over {the_call}"
        try:
            for item in the_call():
                items.append(item)
                if len(items) > len(expected) + EXTRA_ITEMS:
                    break
        except BaseException as exc:  # noqa: BLE001
            so_far = f" after yielding {show(items)}" if items else ""
            self.fail(self.what_happened(what, exc) + so_far, f"expected {show(expected)}", hint=hint, cause=exc)
        if not same(items, expected):
            self.fail(f"{what} yielded {self.shown_with_type(items, expected)}", f"expected {show(expected)}", hint=hint)
        return items

    def expect(self, ok: bool, *, got: str, expected: str, hint: Hint) -> None:
        """A condition of the check's own; `got` and `expected` say what it was about."""
        if not ok:
            self.fail(got, f"expected {expected}", hint=hint)

    # Telling ---------------------------------------------------------------------------

    def shown_with_type(self, got: Any, expected: Any) -> str:
        """`bytearray(b'ab') (a bytearray, not bytes)`: the value, and its type where that is what differs."""
        difference = type_difference(got, expected)
        if difference is None or got is None:
            return show(got)
        return f"{show(got)} ({difference})"

    def what_happened(self, the_call, exc: BaseException) -> str:
        """`recv_text(sock) raised ValueError: ... (ex01_bytes.py, line 12)`, and the like."""
        if is_timeout(exc):
            if exc.budget is not None:
                return f"{the_call} was still waiting when {self.budget_spent(exc)}"
            return f"{the_call} was still waiting after {self.timeout:g} s"
        if isinstance(exc, Gone):
            return f"{the_call} did not return: {exc.why}"
        if self._unwritten(exc):
            return str(exc) or f"{the_call} is not written yet: it still raises NotImplementedError"
        if isinstance(exc, SystemExit):
            return f"{the_call} called sys.exit({exc.code!r}); a function should raise an exception instead"
        if isinstance(exc, MemoryError):
            return f"{the_call} ran out of memory (MemoryError)"
        return f"{the_call} raised {show_exception(exc)}{self.where(exc)}"

    @staticmethod
    def budget_spent(exc: CheckTimeout) -> str:
        return f"the exercise's time budget of {exc.budget:g} s ran out (earlier checks spent it waiting on your code)"

    def where(self, exc: BaseException) -> str:
        """` (ex01_bytes.py, line 12)`: the last line of learner code the exception passed."""
        frames = [f for f in learner_frames(exc) if self._is_learner_file(f.filename)]
        if not frames:
            return ""
        frame = frames[-1]
        return f" ({os.path.basename(frame.filename)}, line {frame.lineno})"

    def story(self) -> list[str]:
        from .story import tell, tell_server  # mockservers are imported only by checks that use peers

        lines = list(self.setup)
        for peer, role, transcript in self.watched:
            if hasattr(peer, "story_lines"):
                lines += peer.story_lines(role)
            elif hasattr(peer, "peers"):
                lines += tell_server(peer, role, transcript)
            else:
                lines += tell(peer, role, transcript)
        return lines

    def fail(self, *lines: str, hint: Hint = "", cause: BaseException | None = None) -> None:
        """End the check: the story, `lines`, and the hint. For code that is not written yet, only `lines`."""
        if self._unwritten(cause):
            pytest.fail("\n".join(lines), pytrace=False)
        message = [*self.story(), *lines]
        advice = "" if isinstance(cause, Gone) else hint(cause) if callable(hint) else hint
        if advice:
            message.append(f"hint: {advice}")
        pytest.fail("\n".join(message), pytrace=False)

    def verdict(self, when: str, exc: BaseException) -> tuple[str, str]:
        """The status and the learner's message for an exception that ended a phase of the check.

        `when` is pytest's phase: "setup", "call" or "teardown". Failures the Checker wrote
        itself come back as they are; anything else escaped the check outside `run`.
        """
        if isinstance(exc, ExerciseUnavailable):
            return ERROR, str(exc)
        if is_timeout(exc) and exc.budget is not None:
            return FAIL, "\n".join([*self.story(), f"not finished: {self.budget_spent(exc)}; make the checks "
                                                   "that time out return in time, and this one gets its turn"])
        if is_timeout(exc):
            return FAIL, "\n".join(
                [*self.story(), f"still waiting after {self.timeout:g} s: did your code wait for bytes the server never sends?"]
            )
        if isinstance(exc, Gone):
            return FAIL, "\n".join([*self.story(), exc.why])
        if when != "call":
            doing = "set up" if when == "setup" else "clean up after"
            return ERROR, f"the grader could not {doing} this check (a bug in netlings, not in your code): {show_exception(exc)}"
        if isinstance(exc, pytest.fail.Exception) and not exc.pytrace:
            return FAIL, exc.msg
        where = self.where(exc)
        if not where:
            return ERROR, f"the check itself failed (a bug in netlings, not in your code): {show_exception(exc)}"
        return FAIL, "\n".join([*self.story(), f"your code raised {show_exception(exc)}{where}"])

    def _unwritten(self, exc: BaseException | None) -> bool:
        """A NotImplementedError from learner code: the function is still a stub."""
        return isinstance(exc, NotImplementedError) and bool(self.where(exc))

    def _is_learner_file(self, filename: str) -> bool:
        return os.path.realpath(filename).startswith(self.impl_dir + os.sep)
