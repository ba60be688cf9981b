"""The process that runs an exercise's checks: set its limits, then hand over to pytest.

Started by runner.py as `python -m grader.run.child PYTEST-ARGS...`. Setting the limits here,
rather than in a preexec_fn, keeps starting it safe from a grader with threads.
"""

import signal
import sys

try:
    import resource
except ImportError:  # pragma: no cover - Windows: no limits, the runner's watchdog still applies
    resource = None

MEMORY_LIMIT = 3 * 1024**3  # bytes of address space: a memory bomb gets MemoryError
FILE_SIZE_LIMIT = 256 * 1024**2  # bytes per file written (pytest's capture files included)


def apply_limits() -> None:
    if resource is None:
        return
    for limit, value in ((resource.RLIMIT_AS, MEMORY_LIMIT), (resource.RLIMIT_FSIZE, FILE_SIZE_LIMIT), (resource.RLIMIT_CORE, 0)):
        _, hard = resource.getrlimit(limit)
        if hard == resource.RLIM_INFINITY or hard > value:
            try:
                resource.setrlimit(limit, (value, value))
            except (ValueError, OSError):  # some systems (macOS for RLIMIT_AS) refuse: go without
                pass
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-big write fails instead of killing us


if __name__ == "__main__":
    apply_limits()
    import pytest

    sys.exit(pytest.main(sys.argv[1:]))
