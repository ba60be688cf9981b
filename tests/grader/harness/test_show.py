"""show() and count(): how values look in a learner's failure message.

Bytes and text are Python literals, runs of one repeated byte are `b'x' * 4,000`, long values
are cut with a count of what they hold, lists and tuples are cut after 6 items, and sockets
are `sock`.
"""

import socket


from grader.harness.show import MAX_CHARS, show, show_exception
from grader.words import count


def test_bytes_are_shown_as_bytes_literals():
    assert show(b"hello\n") == r"b'hello\n'"
    assert show(b"\xc3\xa9") == r"b'\xc3\xa9'"
    assert show(b"") == "b''"


def test_a_bytearray_is_shown_as_a_bytearray():
    assert show(bytearray(b"hi")) == "bytearray(b'hi')"
    assert show(bytearray(b"x" * 100)) == "bytearray(b'x' * 100)"


def test_text_is_shown_as_a_str_literal():
    assert show("héllo") == "'héllo'"
    assert show("a\r\nb") == r"'a\r\nb'"
    assert show("") == "''"


def test_repeated_bytes_are_shown_as_a_multiplication_with_a_thousands_separator():
    assert show(b"x" * 4000) == "b'x' * 4,000"
    assert show(b"\x00" * 70) == r"b'\x00' * 70"


def test_repeated_text_is_shown_as_a_multiplication_too():
    assert show("é" * 100) == "'é' * 100"


def test_repeated_bytes_are_written_out_up_to_eight_and_multiplied_above():
    assert show(b"x" * 8) == "b'xxxxxxxx'"
    assert show(b"x" * 9) == "b'x' * 9"


def test_long_bytes_are_cut_with_the_number_of_bytes_in_all():
    shown = show(b"ab" * 100)
    assert shown.startswith("b'abab")
    assert shown.endswith("… (200 bytes in all)")
    assert len(shown.split("…")[0]) <= MAX_CHARS


def test_long_bytes_full_of_escapes_are_cut_to_a_short_literal():
    shown = show(bytes(range(256)) * 10)
    literal, rest = shown.split("… ")
    assert literal.startswith(r"b'\x00\x01")
    assert len(literal) <= MAX_CHARS
    assert rest == "(2,560 bytes in all)"


def test_long_text_is_cut_with_the_number_of_characters_in_all():
    shown = show("hello world " * 10)
    assert shown.startswith("'hello world ")
    assert shown.endswith("… (120 characters in all)")


def test_a_value_that_fits_is_not_cut():
    data = b"0123456789" * 5  # a literal of 53 characters
    assert show(data) == repr(data)


def test_a_list_is_shown_item_by_item():
    assert show([b"a", "b", 3]) == "[b'a', 'b', 3]"
    assert show([]) == "[]"


def test_items_are_shown_with_show_too():
    assert show([b"x" * 10, "é"]) == "[b'x' * 10, 'é']"


def test_a_list_is_cut_after_six_items():
    assert show(list(range(6))) == "[0, 1, 2, 3, 4, 5]"
    assert show(list(range(10))) == "[0, 1, 2, 3, 4, 5, … (10 items in all)]"


def test_a_tuple_is_cut_after_six_items():
    assert show(tuple(range(1200))) == "(0, 1, 2, 3, 4, 5, … (1,200 items in all))"


def test_a_one_item_tuple_keeps_its_comma():
    assert show((b"a",)) == "(b'a',)"
    assert show(()) == "()"
    assert show((1, 2)) == "(1, 2)"


def test_an_exception_is_its_type_and_message():
    assert show(ValueError("bad byte")) == "ValueError: bad byte"
    assert show_exception(ConnectionResetError("peer reset")) == "ConnectionResetError: peer reset"


def test_an_exception_without_a_message_is_its_type_alone():
    assert show(ValueError()) == "ValueError"
    assert show_exception(TimeoutError()) == "TimeoutError"


def test_a_socket_is_shown_as_sock():
    with socket.socket() as sock:
        assert show(sock) == "sock"
        assert show([sock, b"x"]) == "[sock, b'x']"


def test_floats_are_shown_as_python_shows_them():
    assert show(1 / 3) == "0.3333333333333333"
    assert show(0.29 * 100) == "28.999999999999996"  # the imprecision may be the point
    assert show(1e-7) == "1e-07"


def test_other_values_are_their_repr_cut_at_twice_the_literal_limit():
    assert show(None) == "None"
    assert show({"a": 1}) == "{'a': 1}"
    long = {i: i for i in range(100)}
    shown = show(long)
    assert shown.endswith("…")
    assert shown[:-1] == repr(long)[: 2 * MAX_CHARS]


def test_a_set_is_cut_after_six_items_like_a_list():
    assert show(set(range(10))) == "{0, 1, 2, 3, 4, 5, … (10 items in all)}"
    assert show(frozenset()) == "frozenset()"


def test_count_is_singular_for_one():
    assert count(1, "piece") == "1 piece"


def test_count_is_plural_otherwise():
    assert count(0, "piece") == "0 pieces"
    assert count(2, "byte") == "2 bytes"


def test_count_separates_thousands():
    assert count(12000, "byte") == "12,000 bytes"
    assert count(1_000_000, "line") == "1,000,000 lines"
