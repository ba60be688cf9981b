"""Submissions that attack the grader score what their honest part deserves, and harm nothing.

Each file of tests/hostile/ is graded as exercise-1, beside `reference.py` (the solution) and
`stub.py` (the unmodified stub); its README says what `EXPECT` means.
For every one: grading ends within its bound, the report lists every check, exactly the checks
the honest part deserves pass, no process the submission started is left running, and the
kit's files are as they were.
"""

import ast
import hashlib
import os
import shutil
from pathlib import Path

import pytest

from grader.catalog import by_module
from grader.statuses import ERROR, PASS
from grader.stubgen import make_stub

pytestmark = pytest.mark.timeout(300)

KIT = Path(__file__).resolve().parents[2]
HOSTILE = sorted((KIT / "tests" / "hostile").glob("*.py"))
EXERCISE = by_module("ex01_bytes")
MARKER = "netlings-hostile-marker"  # in the command line of every process a submission starts
BOUND = 45.0  # seconds: the exercise budget (30 s), the import limit (10 s) and starting up
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NEEDS_ROOT = {"kills_its_parent", "escapes_its_session", "reads_the_solutions", "rewrites_files", "forges_the_results"}


def expectation(path: Path) -> str:
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "EXPECT" for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{path} has no EXPECT")


def kit_fingerprint() -> str:
    """A hash of every file of the kit's own code, checks and solutions."""
    digest = hashlib.sha256()
    for part in ("grader", "mockservers", "solutions", "tests/checks", "exercises"):
        for path in sorted((KIT / part).rglob("*.py")):
            digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()


FINGERPRINT = kit_fingerprint()  # when the suite collects, before anything is graded


def early_jobs(items, kit, folder: Path) -> dict:
    """Every selected submission, graded from the start (conftest.py)."""
    jobs = {}
    for path in sorted({item.callspec.params["path"] for item in items if "path" in getattr(getattr(item, "callspec", None), "params", {})}):
        place = folder / path.stem
        place.mkdir()
        shutil.copy(kit.solutions / EXERCISE.filename, place / "reference.py")
        (place / "stub.py").write_text(make_stub((kit.solutions / EXERCISE.filename).read_text(), EXERCISE))
        shutil.copy(path, place / EXERCISE.filename)
        jobs[path.stem] = (EXERCISE, place)
    return jobs


def still_running() -> list[str]:
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as file:
                command = file.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if MARKER in command and "-c" in command:
            found.append(f"{entry}: {command}")
    return found


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.stem)
def test_the_attack_gets_only_what_the_honest_part_deserves(path, early_results):
    if path.stem in NEEDS_ROOT and not AS_ROOT:
        pytest.skip("defended only when the grader runs as root (README, What grading defends against)")
    future = early_results[path.stem]
    result = future.result()
    assert result.seconds <= BOUND, f"grading took {result.seconds:.1f} s"
    checks = {c.name: c.status for c in result.checks}
    assert len(checks) == 10, f"the report lists {len(checks)} checks, not all 10: {sorted(checks)}"
    expected = expectation(path)
    if expected == "error":
        assert result.error, "the module was checked, though it cannot be"
        assert set(checks.values()) == {ERROR}
    elif expected == "zero":  # an attack that breaks its own process may make the module uncheckable: zero too
        assert PASS not in checks.values(), f"checks passed on stubs: {[n for n, s in checks.items() if s == PASS]}"
    elif expected == "all":
        assert result.error is None, result.error
        assert set(checks.values()) == {PASS}, {n: s for n, s in checks.items() if s != PASS}
    else:
        function = expected.removeprefix("all but ")
        assert result.error is None, result.error
        for name, status in checks.items():
            assert (status == PASS) != name.startswith(function), f"{name}: {status}"
    if os.path.isdir("/proc"):
        assert not still_running(), still_running()
    assert kit_fingerprint() == FINGERPRINT, "the kit's files changed"
