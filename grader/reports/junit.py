"""The JUnit XML report: a testsuite per exercise, a testcase per check."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..results import ERROR, FAIL, RunResult


def render_junit(run: RunResult, **_) -> str:
    suites = ET.Element("testsuites", name="netlings", tests=str(_count(run)), failures=str(_count(run, FAIL)),
                        errors=str(_count(run, ERROR)), time=_seconds(sum(c.duration for e in run.exercises for c in e.checks)))
    for result in run.exercises:
        suite = ET.SubElement(
            suites, "testsuite", name=f"{result.exercise.id} · {result.exercise.title}",
            tests=str(len(result.checks)), failures=str(sum(c.status == FAIL for c in result.checks)),
            errors=str(sum(c.status == ERROR for c in result.checks)),
            time=_seconds(sum(c.duration for c in result.checks)),
        )
        for check in result.checks:
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


# Characters XML 1.0 cannot hold at all, which learner output may contain.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _count(run: RunResult, status: str | None = None) -> int:
    return sum(status is None or c.status == status for e in run.exercises for c in e.checks)


def _seconds(value: float) -> str:
    return f"{value:.3f}"
