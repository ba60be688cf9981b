"""Call and Checker: how a call into learner code is named, and what a failing check says.

A Checker's failures are `pytest.fail(..., pytrace=False)`; these tests catch them and read the
message a learner would see. Learner frames are real: a tiny module is written into the
implementation folder (tmp_path) and imported from there.
"""

import importlib.util
import socket
import sys

import pytest

from grader.harness.checking import Call, Checker, any_sequence, call, exactly, is_timeout, name_of
from grader.harness.timer import CheckTimeout

from mockservers.chunking import ChunkingServer
from mockservers.script import close, send


class LineReader:
    def readline(self):
        return "line"


class HTTPClient:
    def get(self, path):
        return path


def fails(action) -> str:
    """Run `action`, which must fail the check; return the learner's message."""
    with pytest.raises(pytest.fail.Exception) as excinfo:
        action()
    assert excinfo.value.pytrace is False
    return str(excinfo.value)


def raiser(exc: BaseException):
    def broken(*args, **kwargs):
        raise exc

    return broken


@pytest.fixture
def checker(tmp_path) -> Checker:
    return Checker(timeout=2.0, impl_dir=str(tmp_path))


@pytest.fixture
def learner(tmp_path):
    """A module of 'learner code' imported from the implementation folder (tmp_path)."""
    (tmp_path / "learner_code.py").write_text(
        "def stub(sock):\n"
        "    raise NotImplementedError('recv_text() is not written yet: write it in exercises/ex01_bytes.py')\n"
        "\n"
        "def bare_stub():\n"
        "    raise NotImplementedError\n"
        "\n"
        "def decode(data):\n"
        "    text = data.decode('utf-8')\n"
        "    return text\n"
        "\n"
        "def wrong():\n"
        "    return 'h'\n"
    )
    spec = importlib.util.spec_from_file_location("learner_code_for_test_checking", tmp_path / "learner_code.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Call --------------------------------------------------------------------------------------


def test_a_call_shows_its_arguments_as_literals():
    assert str(call(len, b"h\xc3")) == r"len(b'h\xc3')"
    assert str(call(sorted, "héllo")) == "sorted('héllo')"


def test_a_call_shows_keyword_arguments_after_the_others():
    def recv_text(sock, limit=10):
        return ""

    assert str(call(recv_text, b"x" * 20, limit=10)) == "recv_text(b'x' * 20, limit=10)"


def test_a_call_shows_a_socket_as_sock():
    def send_text(sock, text):
        return 0

    with socket.socket() as sock:
        assert str(call(send_text, sock, "hé")) == "send_text(sock, 'hé')"


def test_a_call_of_a_method_is_named_after_its_class():
    assert str(call(LineReader().readline)) == "reader.readline()"
    assert str(call(HTTPClient().get, "/users")) == "client.get('/users')"
    assert name_of(LineReader().readline) == "reader.readline"


def test_a_call_of_a_class_or_a_module_function_is_its_name():
    assert str(call(LineReader)) == "LineReader()"
    assert str(call(len, [1, 2])) == "len([1, 2])"


def test_shown_as_replaces_the_description():
    the_call = call(next, iter("abc")).shown_as("next(iter_text(sock))")
    assert str(the_call) == "next(iter_text(sock))"


def test_a_call_runs_with_its_arguments():
    assert Call(divmod, 7, 2)() == (3, 1)
    assert call(int, "ff", base=16)() == 255


def test_is_timeout_knows_the_timer_s_timeouts_from_other_failures():
    assert is_timeout(CheckTimeout(2.0))
    assert not is_timeout(pytest.fail.Exception("Timeout (>2.0s) from pytest-timeout.", pytrace=False))
    assert not is_timeout(TimeoutError("timed out"))
    assert not is_timeout(None)


def test_a_check_timeout_is_not_an_exception_that_learner_code_catches():
    assert not issubclass(CheckTimeout, Exception)


# returns -----------------------------------------------------------------------------------


def test_returns_gives_back_the_value_when_it_matches(checker):
    assert checker.returns(2, call(len, b"\xc3\xa9"), hint="count bytes") == 2


def test_returns_can_compare_with_a_custom_test(checker):
    got = checker.returns("HÉ", call(str.lower, "HÉ"), hint="h", same=lambda a, b: a.lower() == b.lower())
    assert got == "hé"


def test_returns_mismatch_says_what_came_back_what_was_expected_and_a_hint(checker):
    message = fails(lambda: checker.returns("hé", call(str, "h"), hint="keep reading until b''"))
    assert message.splitlines() == [
        "str('h') returned 'h'",
        "expected 'hé'",
        "hint: keep reading until b''",
    ]


def test_returns_mismatch_shows_bytes_as_literals(checker):
    message = fails(lambda: checker.returns(b"x" * 4000, call(bytes, 3), hint="h"))
    assert "returned b'\\x00\\x00\\x00'" in message
    assert "expected b'x' * 4,000" in message


def test_returns_reports_an_exception_instead_of_a_value(checker):
    message = fails(lambda: checker.returns(1, call(int, "x"), hint="h"))
    assert message.splitlines() == [
        "int('x') raised ValueError: invalid literal for int() with base 10: 'x'",
        "expected 1",
        "hint: h",
    ]


# raises ------------------------------------------------------------------------------------


def test_raises_returns_the_exception(checker):
    exc = checker.raises(ValueError, call(int, "x"), hint="h")
    assert isinstance(exc, ValueError)
    assert "invalid literal" in str(exc)


def test_raises_accepts_a_subclass(checker):
    exc = checker.raises(OSError, call(raiser(ConnectionResetError("gone"))), hint="h")
    assert isinstance(exc, ConnectionResetError)


def test_raises_says_what_was_returned_when_nothing_was_raised(checker):
    message = fails(lambda: checker.raises(ValueError, call(len, b"ab"), hint="check the limit"))
    assert message.splitlines() == [
        "len(b'ab') returned 2",
        "expected ValueError",
        "hint: check the limit",
    ]


def test_raises_uses_its_own_words_for_what_was_expected(checker):
    message = fails(lambda: checker.raises(ValueError, call(len, b"ab"), hint="h", expected="ValueError at once"))
    assert "expected ValueError at once" in message.splitlines()


def test_raises_reports_another_exception_with_its_type_and_message(checker):
    message = fails(lambda: checker.raises(KeyError, call(raiser(ValueError("bad"))), hint="h"))
    assert message.splitlines() == [
        "broken() raised ValueError: bad",
        "expected KeyError",
        "hint: h",
    ]


# yields ------------------------------------------------------------------------------------


def test_yields_returns_the_items(checker):
    assert checker.yields(["a", "b"], call(iter, ["a", "b"]), hint="h") == ["a", "b"]


def test_yields_mismatch_shows_the_items(checker):
    message = fails(lambda: checker.yields(["ab"], call(iter, ["a", "b"]), hint="h"))
    assert message.splitlines() == [
        "iterating over iter(['a', 'b']) yielded ['a', 'b']",
        "expected ['ab']",
        "hint: h",
    ]


def test_yields_tells_what_came_before_an_exception(checker):
    def iter_text(sock):
        yield "caf"
        yield "é"
        raise UnicodeError("cut off")

    message = fails(lambda: checker.yields(["caf", "é!"], call(iter_text, b"x"), hint="h"))
    assert message.splitlines() == [
        "iterating over iter_text(b'x') raised UnicodeError: cut off after yielding ['caf', 'é']",
        "expected ['caf', 'é!']",
        "hint: h",
    ]


def test_yields_without_items_before_an_exception_says_nothing_about_them(checker):
    message = fails(lambda: checker.yields([1], call(raiser(ValueError("no"))), hint="h"))
    assert message.splitlines()[0] == "iterating over broken() raised ValueError: no"


# expect ------------------------------------------------------------------------------------


def test_expect_passes_quietly(checker):
    assert checker.expect(True, got="x", expected="y", hint="h") is None


def test_expect_fails_with_its_own_words(checker):
    message = fails(lambda: checker.expect(False, got="the server received b'hi'", expected="b'hi\\n'", hint="end with a newline"))
    assert message.splitlines() == [
        "the server received b'hi'",
        "expected b'hi\\n'",
        "hint: end with a newline",
    ]


# What happened -----------------------------------------------------------------------------


def test_a_stub_s_not_implemented_error_is_its_own_message_without_a_hint(checker, learner):
    message = fails(lambda: checker.returns("hé", call(learner.stub, b"x"), hint="keep reading"))
    assert message.splitlines() == [
        "recv_text() is not written yet: write it in exercises/ex01_bytes.py",
        "expected 'hé'",
    ]


def test_a_bare_not_implemented_error_in_learner_code_says_it_is_not_written_yet(checker, learner):
    message = fails(lambda: checker.returns(1, call(learner.bare_stub), hint="h"))
    assert message.splitlines() == [
        "bare_stub() is not written yet: it still raises NotImplementedError",
        "expected 1",
    ]


def test_a_stub_in_yields_and_raises_has_no_hint_either(checker, learner):
    for action in (
        lambda: checker.yields(["a"], call(learner.stub, b"x"), hint="h"),
        lambda: checker.raises(ValueError, call(learner.stub, b"x"), hint="h"),
    ):
        message = fails(action)
        assert message.splitlines()[0] == "recv_text() is not written yet: write it in exercises/ex01_bytes.py"
        assert "hint:" not in message


def test_a_not_implemented_error_from_outside_the_learner_folder_is_an_ordinary_exception(checker):
    message = fails(lambda: checker.returns(1, call(raiser(NotImplementedError("abstract"))), hint="h"))
    assert message.splitlines()[0] == "broken() raised NotImplementedError: abstract"


def test_a_not_implemented_error_from_outside_the_learner_folder_keeps_the_hint(checker):
    message = fails(lambda: checker.returns(1, call(raiser(NotImplementedError("abstract"))), hint="h"))
    assert "hint: h" in message.splitlines()


def test_an_exception_from_learner_code_says_the_file_and_line(checker, learner):
    message = fails(lambda: checker.returns("hé", call(learner.decode, b"h\xc3"), hint="h"))
    first = message.splitlines()[0]
    assert first.startswith(r"decode(b'h\xc3') raised UnicodeDecodeError: 'utf-8' codec can't decode")
    assert first.endswith(" (learner_code.py, line 8)")


def test_an_exception_from_outside_the_learner_folder_has_no_location(checker):
    message = fails(lambda: checker.returns(1, call(raiser(ValueError("bad"))), hint="h"))
    assert message.splitlines()[0] == "broken() raised ValueError: bad"


def test_where_is_the_last_learner_line_the_exception_passed(checker, learner):
    try:
        learner.decode(b"\xff")
    except UnicodeDecodeError as exc:
        assert checker.where(exc) == " (learner_code.py, line 8)"
    try:
        int("x")
    except ValueError as exc:
        assert checker.where(exc) == ""


def test_sys_exit_is_reported_as_a_call_to_sys_exit(checker):
    message = fails(lambda: checker.returns(1, call(sys.exit, 3), hint="h"))
    assert message.splitlines() == [
        "exit(3) called sys.exit(3); a function should raise an exception instead",
        "expected 1",
        "hint: h",
    ]


def test_sys_exit_without_a_code(checker):
    message = fails(lambda: checker.returns(1, call(raiser(SystemExit())), hint="h"))
    assert message.splitlines()[0] == "broken() called sys.exit(None); a function should raise an exception instead"


def test_memory_error_says_the_code_ran_out_of_memory(checker):
    message = fails(lambda: checker.returns(1, call(raiser(MemoryError())), hint="h"))
    assert message.splitlines()[0] == "broken() ran out of memory (MemoryError)"


def test_a_timeout_says_the_call_was_still_waiting(checker):
    message = fails(lambda: checker.returns("hé", call(raiser(CheckTimeout(2.0)), b"x"), hint="stop at b''"))
    assert message.splitlines() == [
        "broken(b'x') was still waiting after 2 s",
        "expected 'hé'",
        "hint: stop at b''",
    ]


def test_a_timeout_is_not_mistaken_for_the_expected_exception(checker):
    message = fails(lambda: checker.raises(BaseException, call(raiser(CheckTimeout(2.0))), hint="h"))
    assert message.splitlines()[0] == "broken() was still waiting after 2 s"


def test_a_timeout_while_iterating(checker):
    half = Checker(timeout=0.5, impl_dir=checker.impl_dir)

    def iter_text():
        yield "a"
        raise CheckTimeout(0.5)

    message = fails(lambda: half.yields(["a", "b"], call(iter_text), hint="h"))
    assert message.splitlines()[0] == "iterating over iter_text() was still waiting after 0.5 s after yielding ['a']"


# The story on top --------------------------------------------------------------------------


def test_a_failure_starts_with_the_story_of_the_peers(checker, learner):
    with ChunkingServer(send(b"hi"), close()) as server:
        sock, peer = server.connect()
        with sock:
            sock.settimeout(2)
            assert sock.recv(10) == b"hi"
            assert peer.wait_until_played()
            checker.watch(peer)
            message = fails(lambda: checker.returns("hi", call(learner.wrong), hint="h"))
    assert message.splitlines() == [
        "the server sent b'hi', then closed the connection",
        "wrong() returned 'h'",
        "expected 'hi'",
        "hint: h",
    ]


# Exact comparisons -------------------------------------------------------------------------


def test_exactly_tells_types_apart_where_equality_does_not():
    assert exactly(b"ab", b"ab") and exactly(3, 3) and exactly(None, None)
    assert not exactly(bytearray(b"ab"), b"ab")
    assert not exactly(3.0, 3) and not exactly(True, 1)
    assert not exactly(["a", b"b"], ["a", "b"]) and not exactly(("a",), ["a"])
    assert not exactly({"id": True}, {"id": 1})
    assert exactly(2, 2.0)  # an int where a float is expected, as Python's typing allows


def test_any_sequence_takes_a_list_or_a_tuple_with_exact_items():
    assert any_sequence(("a", "b"), ["a", "b"]) and any_sequence(["a", "b"], ("a", "b"))
    assert not any_sequence(iter(["a", "b"]), ["a", "b"]) and not any_sequence([b"a"], ["a"])


def test_returns_says_which_type_came_back_when_only_the_type_differs(checker):
    message = fails(lambda: checker.returns(b"ab", call(bytearray, b"ab"), hint="h"))
    assert message.splitlines()[:2] == [
        "bytearray(b'ab') returned bytearray(b'ab') (a bytearray, not bytes)",
        "expected b'ab'",
    ]
    message = fails(lambda: checker.returns(25, call(float, 25), hint="h"))
    assert message.splitlines()[0] == "float(25) returned 25.0 (a float, not an int)"


def test_returns_says_where_inside_a_value_the_type_differs(checker):
    message = fails(lambda: checker.returns(["a", "b"], call(list, ["a", b"b"]), hint="h"))
    assert message.splitlines()[0] == "list(['a', b'b']) returned ['a', b'b'] (item 1 is bytes, not a str)"


def test_yields_compares_the_items_exactly_too(checker):
    message = fails(lambda: checker.yields([1, 2], call(iter, [1, True]), hint="h"))
    assert message.splitlines()[0] == "iterating over iter([1, True]) yielded [1, True] (item 1 is a bool, not an int)"


def test_the_verdict_on_a_bug_in_the_check_does_not_blame_the_learner(checker):
    try:
        {}["missing"]
    except KeyError as exc:
        assert checker.verdict("call", exc) == (
            "error", "the check itself failed (a bug in netlings, not in your code): KeyError: 'missing'"
        )


def test_the_verdict_on_a_timeout_outside_a_call_tells_the_story(checker):
    assert checker.verdict("call", CheckTimeout(2.0)) == (
        "fail", "still waiting after 2 s: did your code wait for bytes the server never sends?"
    )
