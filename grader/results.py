"""What grading produced: a result per check, per exercise and for the whole run.

A check's status is one of statuses.py. An exercise is ERROR when its module could not be
checked at all, PASS when every check passed, and FAIL otherwise; a run is ERROR if any
exercise is, else FAIL if any failed, else PASS.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .catalog import Exercise
from .statuses import ERROR, FAIL, PASS


@dataclass
class CheckResult:
    name: str
    status: str
    message: str | None = None
    output: str = ""
    duration: float = 0.0
    max_score: int = 1

    @property
    def score(self) -> int:
        return self.max_score if self.status == PASS else 0


@dataclass
class ExerciseResult:
    exercise: Exercise
    checks: list[CheckResult] = field(default_factory=list)
    error: str | None = None  # why the exercise could not be checked at all
    output: str = ""  # what pytest printed, for `grade -v`

    @property
    def status(self) -> str:
        if self.error is not None:
            return ERROR
        return PASS if self.checks and all(c.status == PASS for c in self.checks) else FAIL

    @property
    def score(self) -> int:
        return sum(c.score for c in self.checks)

    @property
    def max_score(self) -> int:
        return sum(c.max_score for c in self.checks)

    @property
    def passed(self) -> int:
        return sum(c.status == PASS for c in self.checks)


@dataclass
class RunResult:
    exercises: list[ExerciseResult]

    @property
    def status(self) -> str:
        statuses = {e.status for e in self.exercises}
        if ERROR in statuses:
            return ERROR
        return FAIL if FAIL in statuses else PASS

    @property
    def score(self) -> int:
        return sum(e.score for e in self.exercises)

    @property
    def max_score(self) -> int:
        return sum(e.max_score for e in self.exercises)
