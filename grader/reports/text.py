"""The learner's report: a line per check, what went wrong under each failing one, a score.

    exercise-1 · Text on the wire
      ✓ send_text sends the text as UTF-8 and returns the number of bytes
      ✗ send_text sends every byte when send() takes only part
          the server sent nothing, then kept the connection open
          send_text(sock, 'héllo') returned 5
          ...
    exercise-1 · Text on the wire: 9 of 10 checks pass
"""

from __future__ import annotations

from ..results import ExerciseResult, RunResult
from ..statuses import ERROR, PASS
from ..words import count

INDENT = "      "


class Marks:
    """✓ ✗ ·, or plain ASCII where the terminal cannot show them."""

    def __init__(self, encoding: str | None) -> None:
        try:
            "✓✗·".encode(encoding or "ascii")
            self.passed, self.failed, self.dot = "✓", "✗", "·"
        except (UnicodeEncodeError, LookupError):
            self.passed, self.failed, self.dot = "+", "x", "-"


def render_text(run: RunResult, *, verbose: bool = False, encoding: str | None = "utf-8") -> str:
    marks = Marks(encoding)
    blocks = [render_exercise(result, marks, verbose) for result in run.exercises]
    summary = render_summary(run)
    return "\n\n".join(blocks + ([summary] if summary else [])) + "\n"


def render_summary(run: RunResult) -> str:
    """A total line when several exercises were checked, else nothing."""
    if len(run.exercises) < 2:
        return ""
    passed = sum(e.passed for e in run.exercises)
    total = sum(len(e.checks) for e in run.exercises)
    return f"{count(len(run.exercises), 'exercise')}: {passed} of {total} checks pass"


def render_exercise(result: ExerciseResult, marks: Marks, verbose: bool = False) -> str:
    heading = f"{result.exercise.id} {marks.dot} {result.exercise.title}"
    lines = [heading]
    if result.error is not None:
        lines.append(f"  {marks.failed} could not check this exercise:")
        lines += _indented(result.error)
        if result.checks:
            lines.append(f"  none of its {count(len(result.checks), 'check')} could run")
    else:
        for check in result.checks:
            lines.append(f"  {marks.passed if check.status == PASS else marks.failed} {check.name}")
            if check.status != PASS:
                lines += _indented(check.message or ("error" if check.status == ERROR else "failed"))
                if check.output.strip():
                    lines.append(f"{INDENT}your code printed:")
                    lines += _indented(check.output.rstrip(), extra="  ")
    lines.append(f"{heading}: {result.passed} of {count(len(result.checks), 'check')} {'passes' if len(result.checks) == 1 else 'pass'}")
    if verbose and result.output:
        lines += ["", f"--- pytest output for {result.exercise.id} ---", result.output.rstrip()]
    return "\n".join(lines)


def _indented(text: str, extra: str = "") -> list[str]:
    return [f"{INDENT}{extra}{line}" if line else "" for line in text.splitlines()]

