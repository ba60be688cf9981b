"""The reports (grader/reports/): the learner's text, the JSON document and JUnit XML.

Results are built by hand, so every status, an exercise that could not be checked, and odd
learner output (control characters, NUL, a lone surrogate) are covered without running pytest.
"""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from grader.catalog import find
from grader.run.events import EventWriter, read_events
from grader.reports import RENDERERS, render_json, render_junit, render_text
from grader.reports.jsondoc import to_document
from grader.reports.text import INDENT
from grader.results import CheckResult, ExerciseResult, RunResult
from grader.statuses import ERROR, FAIL, PASS

README = Path(__file__).resolve().parents[2] / "README.md"

FAILURE = "the server sent b'h' · b'\\xc3' · b'\\xa9' (3 pieces), then closed the connection\nrecv_text(sock) returned 'h'\nexpected 'hé'\nhint: keep reading"
SYNTAX_ERROR = "exercises/ex03_lines.py, line 3: invalid syntax (SyntaxError)\n    def f(:\n          ^"


def exercise_1() -> ExerciseResult:
    return ExerciseResult(
        find("1"),
        [
            CheckResult("send_text sends every byte", PASS, duration=0.012),
            CheckResult("recv_text reads every piece", FAIL, FAILURE, output="got b'h'\n\nstill here\n", duration=0.02),
            CheckResult("iter_text survives os._exit", ERROR, "the process running this check stopped", duration=0.5),
        ],
    )


def exercise_3_unloadable() -> ExerciseResult:
    checks = [CheckResult(name, ERROR, SYNTAX_ERROR) for name in ("readline returns a line", "readline keeps the rest")]
    return ExerciseResult(find("3"), checks, error=SYNTAX_ERROR)


def exercise_4_passing() -> ExerciseResult:
    return ExerciseResult(find("4"), [CheckResult("send_frame prefixes the length", PASS, duration=0.001)])


def run() -> RunResult:
    return RunResult([exercise_1(), exercise_3_unloadable(), exercise_4_passing()])


def odd_run(text: str) -> RunResult:
    """A run whose learner output, message and check name hold `text`."""
    check = CheckResult(f"name {text}", FAIL, f"your code raised ValueError: {text}\nexpected 1", output=f"printed {text}\n")
    return RunResult([ExerciseResult(find("1"), [check, CheckResult("ok", PASS)])])


def test_every_format_has_a_renderer():
    assert set(RENDERERS) == {"text", "json", "junit"}


# JSON --------------------------------------------------------------------------------------


def readme_example() -> dict:
    """The example document in the README's "JSON report" section."""
    section = README.read_text(encoding="utf-8").split("### JSON report", 1)[1]
    return json.loads(re.search(r"```json\n(.*?)```", section, re.S).group(1))


def test_the_json_document_has_exactly_the_keys_the_readme_documents():
    documented = readme_example()
    document = json.loads(render_json(run()))
    assert list(document) == list(documented)
    for exercise in document["exercises"]:
        assert list(exercise) == list(documented["exercises"][0])
        for test in exercise["tests"]:
            assert list(test) == list(documented["exercises"][0]["tests"][0])


def test_the_json_document_has_statuses_and_scores():
    document = json.loads(render_json(run()))
    assert document["version"] == 1
    assert document["status"] == ERROR
    assert (document["score"], document["max_score"]) == (2, 6)
    assert [(e["id"], e["module"], e["status"], e["score"], e["max_score"]) for e in document["exercises"]] == [
        ("exercise-1", "ex01_bytes", FAIL, 1, 3),
        ("exercise-3", "ex03_lines", ERROR, 0, 2),
        ("exercise-4", "ex04_frames", PASS, 1, 1),
    ]
    assert document["exercises"][0]["title"] == "Text on the wire"


def test_the_json_document_lists_tests_in_order_with_their_results():
    tests = json.loads(render_json(run()))["exercises"][0]["tests"]
    assert [(t["name"], t["status"], t["score"], t["max_score"]) for t in tests] == [
        ("send_text sends every byte", PASS, 1, 1),
        ("recv_text reads every piece", FAIL, 0, 1),
        ("iter_text survives os._exit", ERROR, 0, 1),
    ]
    assert tests[0]["message"] is None
    assert tests[1]["message"] == FAILURE
    assert tests[1]["output"] == "got b'h'\n\nstill here\n"
    assert tests[1]["duration"] == 0.02


def test_an_error_exercise_carries_its_message_and_others_carry_null():
    exercises = json.loads(render_json(run()))["exercises"]
    assert [e["message"] for e in exercises] == [None, SYNTAX_ERROR, None]


def test_the_top_status_is_fail_without_errors_and_pass_when_everything_passes():
    assert to_document(RunResult([exercise_1(), exercise_4_passing()]))["status"] == FAIL
    assert to_document(RunResult([exercise_4_passing()]))["status"] == PASS


def test_the_json_document_keeps_text_readable_and_ends_with_a_newline():
    text = render_json(run())
    assert text.endswith("}\n")
    assert "'hé'" in text  # not \u00e9


def test_the_json_document_survives_control_characters_in_learner_output():
    text = render_json(odd_run("\x00\x1b[31m"))
    assert json.loads(text)["exercises"][0]["tests"][0]["output"] == "printed \x00\x1b[31m\n"


def test_learner_text_that_is_not_valid_unicode_still_makes_a_utf8_document(tmp_path):
    # A lone surrogate (from errors="surrogateescape") travels through the events file as an
    # escape; reading the events replaces it, so every report can be written as UTF-8.
    writer = EventWriter(tmp_path / "events.jsonl")
    writer.write("result", nodeid="x", message="your code raised ValueError: \udcff")
    writer.close()
    (event,) = read_events(tmp_path / "events.jsonl")
    render_json(odd_run(event["message"])).encode("utf-8")


# JUnit -------------------------------------------------------------------------------------


def test_junit_has_a_testsuite_per_exercise_and_a_testcase_per_check():
    root = ET.fromstring(render_junit(run()))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("6", "1", "3")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        "exercise-1 · Text on the wire",
        "exercise-3 · Newline-delimited messages",
        "exercise-4 · Length-prefixed messages",
    ]
    assert [len(s.findall("testcase")) for s in suites] == [3, 2, 1]
    assert [(s.get("tests"), s.get("failures"), s.get("errors")) for s in suites] == [
        ("3", "1", "1"),
        ("2", "0", "2"),
        ("1", "0", "0"),
    ]


def test_junit_testcases_carry_failure_and_error_elements_with_the_messages():
    suite = ET.fromstring(render_junit(run())).find("testsuite")
    passed, failed, errored = suite.findall("testcase")
    assert passed.get("classname") == "exercise-1"
    assert passed.get("name") == "send_text sends every byte"
    assert passed.get("time") == "0.012"
    assert list(passed) == []
    failure = failed.find("failure")
    assert failure.text == FAILURE
    assert failure.get("message") == FAILURE.splitlines()[0]
    assert failed.find("error") is None
    assert failed.find("system-out").text == "got b'h'\n\nstill here\n"
    assert errored.find("error").text == "the process running this check stopped"
    assert errored.find("failure") is None


def test_junit_error_exercise_checks_are_errors_with_the_reason():
    suite = ET.fromstring(render_junit(run())).findall("testsuite")[1]
    assert [case.find("error").text for case in suite.findall("testcase")] == [SYNTAX_ERROR, SYNTAX_ERROR]


def test_junit_shows_an_exercise_that_could_not_start_as_an_error():
    broken = ExerciseResult(find("2"), [], error="the checks could not start; pytest said:\n    ImportError")
    suite = ET.fromstring(render_junit(RunResult([broken]))).find("testsuite")
    errors = suite.iter("error")
    assert any("could not start" in (e.text or "") for e in errors)


@pytest.mark.parametrize("text", ["\x00", "\x1b[31mred\x1b[0m", "\x07\x08\x0b\x0c", "\udcff", "\ufffe", "\x85\u2028"])
def test_junit_survives_characters_xml_cannot_hold(text):
    document = render_junit(odd_run(text))
    root = ET.fromstring(document.encode("utf-8"))
    case = root.find("testsuite").find("testcase")
    assert case.get("name").startswith("name ")
    assert case.find("failure").text.startswith("your code raised ValueError: ")
    assert case.find("system-out").text.startswith("printed ")


def test_junit_keeps_what_xml_can_hold_and_replaces_the_rest():
    case = ET.fromstring(render_junit(odd_run("tab\there é \x00 \x1b"))).find("testsuite").find("testcase")
    assert case.find("system-out").text == "printed tab\there é \ufffd \ufffd\n"


def test_junit_starts_with_an_xml_declaration():
    assert render_junit(run()).startswith('<?xml version="1.0" encoding="utf-8"?>\n<testsuites')


# Text --------------------------------------------------------------------------------------


def test_text_report_marks_passing_and_failing_checks():
    lines = render_text(RunResult([exercise_1()])).splitlines()
    assert lines[0] == "exercise-1 · Text on the wire"
    assert "  ✓ send_text sends every byte" in lines
    assert "  ✗ recv_text reads every piece" in lines
    assert "  ✗ iter_text survives os._exit" in lines


def test_text_report_shows_the_message_under_a_failing_check_indented():
    lines = render_text(RunResult([exercise_1()])).splitlines()
    at = lines.index("  ✗ recv_text reads every piece")
    assert lines[at + 1 : at + 5] == [INDENT + line for line in FAILURE.splitlines()]
    assert INDENT == "      "


def test_text_report_shows_what_the_code_printed_further_indented():
    lines = render_text(RunResult([exercise_1()])).splitlines()
    at = lines.index(INDENT + "your code printed:")
    assert lines[at + 1 : at + 4] == [INDENT + "  got b'h'", "", INDENT + "  still here"]
    assert lines[at + 4] == "  ✗ iter_text survives os._exit"


def test_text_report_says_nothing_of_output_for_a_pass_or_blank_output():
    checks = [CheckResult("quiet pass", PASS, output="printed on a pass\n"), CheckResult("blank", FAIL, "no", output="  \n")]
    text = render_text(RunResult([ExerciseResult(find("1"), checks)]))
    assert "your code printed" not in text
    assert "printed on a pass" not in text


def test_text_report_ends_each_exercise_with_its_count():
    lines = render_text(RunResult([exercise_1()])).splitlines()
    assert lines[-1] == "exercise-1 · Text on the wire: 1 of 3 checks pass"


def test_text_report_of_an_exercise_that_could_not_be_checked():
    text = render_text(RunResult([exercise_3_unloadable()]))
    assert text.splitlines() == [
        "exercise-3 · Newline-delimited messages",
        "  ✗ could not check this exercise:",
        INDENT + "exercises/ex03_lines.py, line 3: invalid syntax (SyntaxError)",
        INDENT + "    def f(:",
        INDENT + "          ^",
        "  none of its 2 checks could run",
        "exercise-3 · Newline-delimited messages: 0 of 2 checks pass",
    ]


def test_text_report_of_a_check_without_a_message_says_failed_or_error():
    checks = [CheckResult("a", FAIL), CheckResult("b", ERROR)]
    lines = render_text(RunResult([ExerciseResult(find("1"), checks)])).splitlines()
    assert lines[1:5] == ["  ✗ a", INDENT + "failed", "  ✗ b", INDENT + "error"]


def test_text_report_of_one_exercise_has_no_summary_line():
    assert "exercises:" not in render_text(RunResult([exercise_4_passing()]))


def test_text_report_of_several_exercises_ends_with_a_summary_line():
    text = render_text(run())
    assert text.endswith("\n\n3 exercises: 2 of 6 checks pass\n")
    assert text.count("\n\nexercise-") == 2  # a blank line between exercises


def test_text_report_falls_back_to_ascii_marks():
    text = render_text(run(), encoding="ascii")
    assert "exercise-1 - Text on the wire" in text.splitlines()
    assert "  + send_text sends every byte" in text.splitlines()
    assert "  x recv_text reads every piece" in text.splitlines()
    assert "  x could not check this exercise:" in text.splitlines()
    assert not {"✓", "✗"} & set(text)


def test_text_report_falls_back_to_ascii_for_an_unknown_or_missing_encoding():
    assert "  + send_frame prefixes the length" in render_text(RunResult([exercise_4_passing()]), encoding=None)
    assert "  + send_frame prefixes the length" in render_text(RunResult([exercise_4_passing()]), encoding="no-such-codec")


def test_text_report_verbose_adds_pytest_output():
    result = exercise_4_passing()
    result.output = "==== 1 passed ====\n"
    assert "pytest output" not in render_text(RunResult([result]))
    text = render_text(RunResult([result]), verbose=True)
    assert text.endswith("--- pytest output for exercise-4 ---\n==== 1 passed ====\n")


@pytest.mark.parametrize("text", ["\x00", "\x1b[2J", "\r", "\x0b\x0c\x1c", "\udcff", "\u2028"])
def test_text_report_survives_odd_learner_output(text):
    report = render_text(odd_run(text))
    assert "  ✗ name " in report
    assert INDENT + "your code printed:" in report
    assert report.endswith("1 of 2 checks pass\n")
