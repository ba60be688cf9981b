"""Shared by the grader's tests: the kit, and grading many folders at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from grader.kit import Kit, find_kit
from grader.run.runner import grade_exercise

KIT_ROOT = Path(__file__).resolve().parents[2]
WORKERS = 3  # grading runs are mostly waiting on sockets and timeouts


@pytest.fixture(scope="session")
def kit() -> Kit:
    found = find_kit(KIT_ROOT)
    assert found is not None and found.root == KIT_ROOT
    return found


@pytest.fixture(scope="session")
def grade_many(kit: Kit):
    """grade_many({key: (exercise, folder[, check_timeout])}) grades side by side.

    Returns {key: ExerciseResult}.
    """

    def grade(jobs: dict) -> dict:
        with ThreadPoolExecutor(WORKERS) as pool:
            futures = {key: pool.submit(grade_exercise, kit, *job) for key, job in jobs.items()}
            return {key: future.result() for key, future in futures.items()}

    return grade
