"""Limits on the learner's process, set by the kit before any learner code runs.

Address space (a memory bomb gets MemoryError), CPU time (a busy loop that outlives every
time limit is ended by the kernel, SIGXCPU), the size of a file it writes, open files, the
number of processes its user may have (a fork bomb), no core files.
"""

from __future__ import annotations

import signal

try:
    import resource
except ImportError:  # pragma: no cover - Windows: no limits, the checks' time limits still apply
    resource = None

DEFAULTS = {
    "RLIMIT_AS": 2 * 1024**3,
    "RLIMIT_CPU": 60,
    "RLIMIT_FSIZE": 64 * 1024**2,
    "RLIMIT_NOFILE": 256,
    "RLIMIT_NPROC": 64,
    "RLIMIT_CORE": 0,
}


def apply(overrides: dict, own_user: bool = False) -> list[str]:
    """Lower each limit to its value (never raise one); return the names that could be set.

    RLIMIT_NPROC counts every process and thread of the user: a learner with a user of its
    own (sandbox.py) gets 64; one that shares the kit's user gets 64 more than it runs already.
    """
    if resource is None:
        return []
    applied = []
    wanted = {**DEFAULTS, **overrides}
    if not own_user:
        wanted["RLIMIT_NPROC"] += _tasks_of_this_user()
    for name, value in wanted.items():
        limit = getattr(resource, name, None)
        if limit is None:
            continue
        soft, hard = resource.getrlimit(limit)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        try:
            resource.setrlimit(limit, (value, value))
            applied.append(name)
        except (ValueError, OSError):  # some systems refuse some limits: go without that one
            pass
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-big write fails, it does not kill
    return applied


def _tasks_of_this_user() -> int:
    import os

    found = processes_of(os.getuid())
    return 10_000 if found is None else sum(threads for _, threads in found)  # no /proc: a limit that stops a fork bomb only


def processes_of(uid: int) -> list[tuple[int, int]] | None:
    """(pid, threads) of every process whose real user is `uid`; None without /proc to look in."""
    import os

    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return None
    found = []
    for entry in entries:
        try:
            with open(f"/proc/{entry}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue
        if int(fields.get("Uid", "-1").split()[0]) == uid:
            found.append((int(entry), int(fields.get("Threads", "1").strip() or 1)))
    return found
