"""The events file between the plugin and the grade command: written a line at a time, read back
a complete line at a time while it is still being written, foreign or torn lines skipped.
"""

import json
import os

import pytest

from grader.run import events
from grader.run.events import EventReader, EventWriter, read_events


@pytest.fixture
def writer(tmp_path):
    """An EventWriter on tmp_path/events.jsonl (EventWriter has no close(): close its fd here)."""
    the_writer = EventWriter(tmp_path / "events.jsonl")
    yield the_writer
    os.close(the_writer._fd)


def append(path, data: bytes) -> None:
    with open(path, "ab") as file:
        file.write(data)


def test_written_events_are_read_back_in_order(tmp_path, writer):
    writer.write(events.COLLECTED, tests=[{"nodeid": "t.py::a", "name": "a works"}])
    writer.write(events.START, nodeid="t.py::a", timeout=2.0)
    writer.write(events.RESULT, nodeid="t.py::a", status="fail", message="expected 'hé'", output="", duration=0.01)
    assert read_events(tmp_path / "events.jsonl") == [
        {"event": "collected", "tests": [{"nodeid": "t.py::a", "name": "a works"}]},
        {"event": "start", "nodeid": "t.py::a", "timeout": 2.0},
        {"event": "result", "nodeid": "t.py::a", "status": "fail", "message": "expected 'hé'", "output": "", "duration": 0.01},
    ]


def test_each_event_is_one_line_whatever_its_text(tmp_path, writer):
    writer.write(events.EXERCISE_ERROR, message="line 1\nline 2\r\n\x00\u2028")
    lines = (tmp_path / "events.jsonl").read_bytes().splitlines()
    assert len(lines) == 1
    assert read_events(tmp_path / "events.jsonl") == [{"event": "exercise_error", "message": "line 1\nline 2\r\n\x00\u2028"}]


def test_a_reader_returns_only_what_is_new_on_each_poll(tmp_path, writer):
    reader = EventReader(tmp_path / "events.jsonl")
    writer.write(events.START, nodeid="a")
    assert reader.poll() == [{"event": "start", "nodeid": "a"}]
    assert reader.poll() == []
    writer.write(events.START, nodeid="b")
    writer.write(events.START, nodeid="c")
    assert [e["nodeid"] for e in reader.poll()] == ["b", "c"]


def test_a_reader_waits_for_the_rest_of_a_half_written_line(tmp_path, writer):
    path = tmp_path / "events.jsonl"
    reader = EventReader(path)
    writer.write(events.START, nodeid="a")
    line = json.dumps({"event": "result", "nodeid": "a", "status": "pass"}).encode() + b"\n"
    append(path, line[:20])
    assert reader.poll() == [{"event": "start", "nodeid": "a"}]
    assert reader.poll() == []
    append(path, line[20:])
    assert reader.poll() == [{"event": "result", "nodeid": "a", "status": "pass"}]


def test_a_line_cut_inside_a_utf8_character_is_read_whole_once_complete(tmp_path):
    path = tmp_path / "events.jsonl"
    line = json.dumps({"event": "result", "message": "é"}, ensure_ascii=False).encode("utf-8") + b"\n"
    cut = line.index(b"\xc3") + 1
    reader = EventReader(path)
    append(path, line[:cut])
    assert reader.poll() == []
    append(path, line[cut:])
    assert reader.poll() == [{"event": "result", "message": "é"}]


def test_foreign_and_torn_lines_are_skipped(tmp_path, writer):
    path = tmp_path / "events.jsonl"
    writer.write(events.START, nodeid="a")
    append(path, b"hello from learner code\n")
    append(path, b'{"event": "result", "nodeid": "a", "sta\n')  # torn: the writer died mid-line
    append(path, b"[1, 2, 3]\n")
    append(path, b'{"nodeid": "a"}\n')
    append(path, b'"event"\n')
    append(path, b"\xff\xfe\x00\n")
    append(path, b"\n")
    writer.write(events.START, nodeid="b")
    assert read_events(path) == [{"event": "start", "nodeid": "a"}, {"event": "start", "nodeid": "b"}]


def test_a_missing_file_gives_no_events(tmp_path):
    assert read_events(tmp_path / "nothing.jsonl") == []
    reader = EventReader(tmp_path / "later.jsonl")
    assert reader.poll() == []


def test_a_reader_picks_up_a_file_created_after_it(tmp_path):
    path = tmp_path / "later.jsonl"
    reader = EventReader(path)
    assert reader.poll() == []
    later = EventWriter(path)
    try:
        later.write(events.START, nodeid="a")
    finally:
        os.close(later._fd)
    assert reader.poll() == [{"event": "start", "nodeid": "a"}]


def test_writers_append_to_an_existing_file(tmp_path, writer):
    path = tmp_path / "events.jsonl"
    writer.write(events.START, nodeid="a")
    second = EventWriter(path)
    try:
        second.write(events.START, nodeid="b")
    finally:
        os.close(second._fd)
    assert [e["nodeid"] for e in read_events(path)] == ["a", "b"]
