"""Piece strategies and scripts: deterministic cuts, described in words."""

import pytest

from mockservers.script import (
    DRIBBLE, WHOLE, Close, Send, check_script, close, fixed, pause, reset, seeded, send, split_at, stall,
)

DATA = "héllo wörld\r\n".encode()


@pytest.mark.parametrize("pieces", [WHOLE, DRIBBLE, fixed(4), split_at(2, 5, 12), seeded(7, 1, 5)])
def test_every_strategy_keeps_every_byte_in_order(pieces):
    assert b"".join(pieces.cut(DATA)) == DATA
    assert all(pieces.cut(DATA))  # no empty pieces


def test_dribble_sends_one_byte_a_piece():
    assert DRIBBLE.cut(b"abc") == [b"a", b"b", b"c"]


def test_split_at_cuts_exactly_there_and_ignores_offsets_outside():
    assert split_at(1, 3).cut(b"abcdef") == [b"a", b"bc", b"def"]
    assert split_at(0, 3, 3, 99).cut(b"abcdef") == [b"abc", b"def"]


def test_split_inside_a_utf8_character():
    assert split_at(2).cut("hé".encode()) == [b"h\xc3", b"\xa9"]


def test_seeded_sizes_repeat_for_the_same_seed_and_differ_for_another():
    data = bytes(range(256)) * 4
    assert seeded(3).cut(data) == seeded(3).cut(data)
    assert seeded(3).cut(data) != seeded(4).cut(data)
    assert all(1 <= len(p) <= 64 for p in seeded(3).cut(data))


def test_whole_of_nothing_is_no_piece():
    assert WHOLE.cut(b"") == []


def test_send_coalesces_several_messages():
    assert send(b"a\n", b"b\n") == Send(b"a\nb\n", WHOLE)


def test_strategies_describe_themselves():
    assert str(DRIBBLE) == "one byte at a time"
    assert str(fixed(3)) == "in pieces of 3 bytes"
    assert "seed 9" in str(seeded(9))


@pytest.mark.parametrize("bad", [lambda: fixed(0), lambda: seeded(1, 5, 2), lambda: pause(-1)])
def test_bad_parameters_are_refused(bad):
    with pytest.raises(ValueError):
        bad()


def test_send_refuses_text():
    with pytest.raises(TypeError, match="bytes"):
        send("text")


def test_an_ending_must_come_last():
    assert check_script((send(b"x"), close())) == (Send(b"x"), Close())
    for ending in (close(), reset(), stall()):
        with pytest.raises(ValueError, match="last step"):
            check_script((ending, send(b"x")))
