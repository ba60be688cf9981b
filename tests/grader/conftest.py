"""Shared by the grader's tests: the kit, and grading many folders at once.

Grading the catalogued mistakes and the stubs is most of the suite's time, mostly spent
waiting on sockets and time limits: a test module that defines `early_jobs(items, kit, folder)`
has its gradings started as soon as collection ends, beside the rest of the suite, and its
tests take them from the `early_results` fixture ({key: Future}).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from grader.kit import Kit, find_kit
from grader.run.runner import grade_exercise

KIT_ROOT = Path(__file__).resolve().parents[2]
WORKERS = 3  # grading runs are mostly waiting on sockets and timeouts
_early: dict = {}  # test module's name: {key: Future}
_early_pool: list[ThreadPoolExecutor] = []
_early_folders: list[str] = []


def pytest_collection_finish(session: pytest.Session) -> None:
    by_module: dict = {}
    for item in session.items:
        module = getattr(item, "module", None)
        if module is not None and hasattr(module, "early_jobs"):
            by_module.setdefault(module, []).append(item)
    if not by_module:
        return
    kit = find_kit(KIT_ROOT)
    pool = ThreadPoolExecutor(WORKERS)
    _early_pool.append(pool)
    for module, items in by_module.items():
        folder = tempfile.mkdtemp(prefix="netlings-early-")
        _early_folders.append(folder)
        jobs = module.early_jobs(items, kit, Path(folder))
        _early[module.__name__] = {key: pool.submit(_timed, kit, job) for key, job in jobs.items()}


def _timed(kit: Kit, job: tuple):
    """grade_exercise, with how long it took in `.seconds`."""
    started = time.monotonic()
    result = grade_exercise(kit, *job)
    result.seconds = time.monotonic() - started
    return result


def pytest_unconfigure(config: pytest.Config) -> None:
    for pool in _early_pool:
        pool.shutdown(wait=True, cancel_futures=True)
    for folder in _early_folders:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def early_results(request) -> dict:
    return _early.get(request.module.__name__, {})


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
