"""The progress file: results recorded and read back, damaged files read as "nothing graded yet",
other exercises' entries kept, no temporary files left behind, and what comes next.
"""

import json

import pytest

from grader import progress
from grader.catalog import EXERCISES, find
from grader.results import CheckResult, ExerciseResult
from grader.statuses import ERROR, FAIL, PASS


def result(name: str, *statuses: str, error: str | None = None) -> ExerciseResult:
    checks = [CheckResult(f"check {i}", status) for i, status in enumerate(statuses)]
    return ExerciseResult(find(name), checks, error=error)


def test_record_then_load_gives_status_and_score(tmp_path):
    path = tmp_path / ".netlings-progress.json"
    progress.record(path, [result("1", PASS, PASS, FAIL), result("2", PASS, PASS)])
    loaded = progress.load(path)
    assert set(loaded) == {"exercise-1", "exercise-2"}
    assert {k: v for k, v in loaded["exercise-1"].items() if k != "graded_at"} == {
        "status": FAIL,
        "score": 2,
        "max_score": 3,
    }
    assert loaded["exercise-2"]["status"] == PASS
    assert loaded["exercise-2"]["graded_at"]


def test_an_exercise_that_could_not_be_checked_is_recorded_as_an_error(tmp_path):
    path = tmp_path / "progress.json"
    progress.record(path, [result("3", error="exercises/ex03_lines.py, line 3: invalid syntax")])
    assert progress.load(path)["exercise-3"]["status"] == ERROR


def test_the_file_is_json_with_a_version(tmp_path):
    path = tmp_path / "progress.json"
    progress.record(path, [result("1", PASS)])
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["version"] == progress.VERSION
    assert document["exercises"]["exercise-1"]["status"] == PASS


def test_recording_keeps_the_entries_of_other_exercises(tmp_path):
    path = tmp_path / "progress.json"
    progress.record(path, [result("1", PASS), result("2", FAIL)])
    progress.record(path, [result("2", PASS)])
    loaded = progress.load(path)
    assert loaded["exercise-1"]["status"] == PASS
    assert loaded["exercise-2"]["status"] == PASS


def test_recording_replaces_the_last_result_of_the_same_exercise(tmp_path):
    path = tmp_path / "progress.json"
    progress.record(path, [result("1", PASS, PASS)])
    progress.record(path, [result("1", PASS, FAIL)])
    assert progress.load(path)["exercise-1"]["score"] == 1


def test_recording_leaves_no_temporary_files_behind(tmp_path):
    path = tmp_path / "progress.json"
    progress.record(path, [result("1", PASS)])
    progress.record(path, [result("2", FAIL)])
    assert [p.name for p in tmp_path.iterdir()] == ["progress.json"]


def test_recording_over_a_damaged_file_starts_afresh(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text("{not json", encoding="utf-8")
    progress.record(path, [result("1", PASS)])
    assert set(progress.load(path)) == {"exercise-1"}


def test_recording_into_a_missing_folder_raises_os_error_and_leaves_nothing(tmp_path):
    with pytest.raises(OSError):
        progress.record(tmp_path / "gone" / "progress.json", [result("1", PASS)])
    assert list(tmp_path.iterdir()) == []


def test_a_missing_file_loads_as_nothing(tmp_path):
    assert progress.load(tmp_path / "progress.json") == {}


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"\xff\xfe not utf-8",
        b"null",
        b"[1, 2]",
        b'"exercises"',
        b'{"version": 1}',
        b'{"version": 1, "exercises": []}',
        b'{"version": 1, "exercises": "exercise-1"}',
    ],
    ids=["empty", "not-json", "not-utf8", "null", "list", "string", "no-exercises", "exercises-list", "exercises-string"],
)
def test_a_damaged_file_loads_as_nothing(tmp_path, content):
    path = tmp_path / "progress.json"
    path.write_bytes(content)
    assert progress.load(path) == {}


def test_a_folder_in_place_of_the_file_loads_as_nothing(tmp_path):
    path = tmp_path / "progress.json"
    path.mkdir()
    assert progress.load(path) == {}


def test_entries_of_the_wrong_shape_are_dropped(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text(
        json.dumps(
            {
                "exercises": {
                    "exercise-1": {"status": PASS, "score": 3},
                    "exercise-2": "pass",
                    "exercise-3": {"score": 1},
                    "exercise-4": None,
                }
            }
        ),
        encoding="utf-8",
    )
    assert progress.load(path) == {"exercise-1": {"status": PASS, "score": 3}}


def test_next_up_is_the_first_exercise_when_nothing_is_recorded():
    assert progress.next_up({}) is EXERCISES[0]


def test_next_up_is_the_first_exercise_not_passed():
    recorded = {"exercise-1": {"status": PASS}, "exercise-2": {"status": FAIL}, "exercise-3": {"status": PASS}}
    assert progress.next_up(recorded) is find("2")


def test_next_up_skips_passes_and_stops_at_an_error_or_a_gap():
    assert progress.next_up({"exercise-1": {"status": PASS}, "exercise-2": {"status": ERROR}}) is find("2")
    assert progress.next_up({"exercise-1": {"status": PASS}, "exercise-3": {"status": PASS}}) is find("2")


def test_next_up_is_none_when_every_exercise_passes():
    assert progress.next_up({e.id: {"status": PASS} for e in EXERCISES}) is None


def test_next_up_after_a_round_trip(tmp_path):
    path = tmp_path / "progress.json"
    progress.record(path, [result(str(e.number), PASS) for e in EXERCISES])
    assert progress.next_up(progress.load(path)) is None
