"""How long grading takes: `grade all --solutions`, the untouched stubs, and a conversation.

    python tests/benchmark.py [--runs 3]

Prints the median and slowest wall time of each, the slowest checks of the solutions, and
what one turn of a request/response conversation with the chunking server costs (50 turns,
answers whole and answers dribbled one byte at a time).
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
from mockservers.chunking import ChunkingServer  # noqa: E402
from mockservers.script import DRIBBLE, WHOLE, close, receive, send  # noqa: E402

TURNS = 50


def timed_grade(*args: str) -> tuple[float, dict]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "grader", "all", "--format", "json", *args],
        capture_output=True, text=True, cwd=ROOT,
    )
    return time.perf_counter() - started, json.loads(result.stdout)


def report(label: str, times: list[float]) -> None:
    print(f"{label:<28} median {statistics.median(times):5.2f} s   slowest {max(times):5.2f} s   ({len(times)} runs)")


def conversation_seconds(pieces) -> tuple[float, str]:
    """Seconds for TURNS question/answer turns with the chunking server; and how it paced."""
    script = [step for n in range(TURNS) for step in (receive(until=b"\n"), send(b"answer %d\n" % n, pieces=pieces))]
    with ChunkingServer() as server:
        sock, peer = server.connect(*script, close())
        sock.settimeout(5)
        started, buffer = time.perf_counter(), b""
        for n in range(TURNS):
            sock.sendall(b"question %d\n" % n)
            while b"\n" not in buffer:
                buffer += sock.recv(4096)
            line, _, buffer = buffer.partition(b"\n")
            assert line == b"answer %d" % n, line
        seconds = time.perf_counter() - started
        sock.close()
        return seconds, str(peer.pace)


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

    for label, pieces in (("whole answers", WHOLE), ("answers dribbled", DRIBBLE)):
        times = []
        for _ in range(runs):
            seconds, pacing = conversation_seconds(pieces)
            times.append(seconds)
        report(f"{TURNS} turns, {label}", times)
    print(f"  ({statistics.median(times) / TURNS * 1000:.2f} ms a dribbled turn; pacing: {pacing})")

    checks = [(t["duration"], e["id"], t["name"]) for e in document["exercises"] for t in e["tests"]]
    print(f"\n{len(checks)} checks; the slowest on the solutions:")
    for duration, exercise, name in sorted(checks, reverse=True)[:5]:
        print(f"  {duration:6.3f} s  {exercise}  {name}")


if __name__ == "__main__":
    main()
