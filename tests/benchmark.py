"""How long grading takes: `grade all --solutions` and the untouched stubs, a few runs each.

    python tests/benchmark.py [--runs 3]

Prints the median and slowest wall time of each, and the slowest checks of the solutions.
Speed goals are measured here, on purpose, rather than by timed tests that would fail
whenever the machine is busy.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader.stubgen import write_stubs  # noqa: E402


def timed_grade(*args: str) -> tuple[float, dict]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "grader", "all", "--format", "json", *args],
        capture_output=True, text=True, cwd=ROOT,
    )
    return time.perf_counter() - started, json.loads(result.stdout)


def report(label: str, times: list[float]) -> None:
    print(f"{label:<28} median {statistics.median(times):5.2f} s   slowest {max(times):5.2f} s   ({len(times)} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs

    solution_times, document = [], {}
    for _ in range(runs):
        seconds, document = timed_grade("--solutions")
        solution_times.append(seconds)
    report("grade all --solutions", solution_times)

    with tempfile.TemporaryDirectory() as folder:
        write_stubs(ROOT / "solutions", Path(folder))
        stub_times = [timed_grade("--impl", folder)[0] for _ in range(runs)]
    report("grade all (untouched stubs)", stub_times)

    checks = [(t["duration"], e["id"], t["name"]) for e in document["exercises"] for t in e["tests"]]
    print(f"\n{len(checks)} checks; the slowest on the solutions:")
    for duration, exercise, name in sorted(checks, reverse=True)[:5]:
        print(f"  {duration:6.3f} s  {exercise}  {name}")


if __name__ == "__main__":
    main()
