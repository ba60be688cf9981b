"""The JUnit XML report: a testsuite per exercise, a testcase per check."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..results import CheckResult, ExerciseResult, RunResult
from ..statuses import ERROR, FAIL


def render_junit(run: RunResult, **_) -> str:
    cases = {result.exercise.id: _cases(result) for result in run.exercises}
    every = [check for checks in cases.values() for check in checks]
    suites = ET.Element("testsuites", name="netlings", **_counts(every))
    for result in run.exercises:
        checks = cases[result.exercise.id]
        suite = ET.SubElement(suites, "testsuite", name=f"{result.exercise.id} · {result.exercise.title}", **_counts(checks))
        for check in checks:
            case = ET.SubElement(suite, "testcase", classname=result.exercise.id, name=_safe(check.name),
                                 time=_seconds(check.duration))
            if check.status in (FAIL, ERROR):
                message = _safe(check.message or check.status)
                tag = "failure" if check.status == FAIL else "error"
                ET.SubElement(case, tag, message=message.splitlines()[0]).text = message
            if check.output:
                ET.SubElement(case, "system-out").text = _safe(check.output)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _cases(result: ExerciseResult) -> list[CheckResult]:
    """The checks; an exercise whose checks never started shows as one case in error."""
    if result.checks or result.error is None:
        return result.checks
    return [CheckResult(f"load {result.exercise.module}", ERROR, result.error)]


def _counts(checks: list[CheckResult]) -> dict[str, str]:
    return {
        "tests": str(len(checks)),
        "failures": str(sum(c.status == FAIL for c in checks)),
        "errors": str(sum(c.status == ERROR for c in checks)),
        "time": _seconds(sum(c.duration for c in checks)),
    }


# Characters XML 1.0 cannot hold at all, which learner output may contain.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _seconds(value: float) -> str:
    return f"{value:.3f}"
