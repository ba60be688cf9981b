"""The checks' side of the learner's process: start it, reach its module, tell how it ended.

`Learner` keeps one process for one exercise module of one folder, started when a check
first needs it and started afresh only when the last one cannot go on (it ended, crashed, was
stopped for overrunning a check, or broke the channel). `impl` is a `LearnerModule`: given
classes and constants are the kit's own (the pristine copy), everything else is a Remote of
the learner's object, valid for the process it came from.

What the learner's process sends is data in a fixed shape (see learner/codec.py); a message
of any other shape stops the process. The process runs with its own copy of the learner's
folder and of the kit's code (grader/ and mockservers/ only), a scrubbed environment, its own
session (every process it starts is killed with it) and the limits of learner/limits.py.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from ..catalog import Exercise
from ..learner import wire
from ..learner.codec import Side
from ..learner.main import BOOT
from ..learner.limits import processes_of
from ..learner.sandbox import FIRST_UID
from ..learner.rpc import Endpoint, Remote
from ..stubgen import make_stub
from .interrupt import CheckTimeout
from .loading import ExerciseUnavailable
from .timer import paused

KIT_PARTS = ("grader", "mockservers")  # what of the kit the learner's process may import
KIT_CODE = Path(__file__).resolve().parents[2]  # the folder these two are in
KEPT_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "SYSTEMROOT")
OUTPUT_KEPT = 2_000  # characters of a check's learner output kept (the rest is counted)
DEATH_WAIT = 1.0  # seconds to wait for a process whose channel closed, to learn how it ended
START_LIMIT = 10.0  # seconds for the learner's process to start and import the module (README)


SYNC = "\x00netlings-sync-{}\x00"  # written by the learner's process at the end of a check
SYNC_WAIT = 1.0  # seconds to wait for it


class Output:
    """What learner code printed, per check: the first characters kept, the rest counted.

    At the end of each check the kit has the learner's process write a marker on its output,
    and waits for it: what the check's calls printed is then all here, none of it is told
    with the next check.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: list[str] = []
        self._size = 0
        self._more = 0
        self._carry = ""
        self._seen = threading.Condition(self._lock)
        self._marks: set[str] = set()

    def feed(self, text: str) -> None:
        """A piece of the output as it comes, markers and all."""
        text = self._carry + text
        tail = text[-40:]
        self._carry = tail[tail.rfind("\x00"):] if tail.count("\x00") % 2 else ""
        text = text[: len(text) - len(self._carry)]
        while "\x00netlings-sync-" in text:
            before, _, rest = text.partition("\x00netlings-sync-")
            number, _, text = rest.partition("\x00")
            self.add(before)
            with self._seen:
                self._marks.add(number)
                self._seen.notify_all()
        self.add(text)

    def wait_for(self, number: str, seconds: float) -> None:
        with self._seen:
            self._seen.wait_for(lambda: number in self._marks, seconds)
            self._marks.discard(number)

    def add(self, text: str) -> None:
        if not text:
            return
        with self._lock:
            room = OUTPUT_KEPT - self._size
            if room > 0:
                self._kept.append(text[:room])
                self._size += min(room, len(text))
            self._more += max(0, len(text) - max(room, 0))

    def take(self) -> str:
        with self._lock:
            text, more = "".join(self._kept), self._more
            self._kept, self._size, self._more = [], 0, 0
        return text + (f"\n… {more:,} more characters not shown" if more else "")


class Process:
    """One learner process and its end of the channel."""

    def __init__(self, learner: Learner) -> None:
        self.learner = learner
        self.stopped: str | None = None  # why the kit stopped it, when it did
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        command = [sys.executable, "-s", "-S", "-u", "-c", BOOT, str(learner.kit_copy), str(theirs.fileno())]
        self.popen = subprocess.Popen(
            command, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, cwd=learner.workdir, env=learner.env(), start_new_session=True,
        )
        theirs.close()
        self.channel = wire.Channel(ours)
        threading.Thread(target=self._read_output, name="netlings-learner-output", daemon=True).start()
        self.endpoint: Endpoint | None = None
        self.helpers: Any = None
        self.own_uid: int | None = None

    def start(self) -> None:
        """Send the set-up, wait for "ready" (the check's timer bounds the import); raise ExerciseUnavailable."""
        learner = self.learner
        self.channel.send({
            "module": learner.exercise.module, "impl": str(learner.impl_copy), "shown": learner.shown,
            "stub": learner.stub_source, "path": learner.python_path, "workdir": str(learner.workdir),
            "compare_digest": learner.exercise.module == "ex13_webhooks",
            "sandbox": {"hide": learner.hidden, "writable": [str(learner.workdir)]},
        })
        ready = self._wait_ready()
        if ready.get("error"):
            raise ExerciseUnavailable(str(ready["error"]))
        if "a user of its own" in (ready.get("fenced") or ()):
            self.own_uid = FIRST_UID + self.popen.pid  # every process of that user is the learner's
        side = Side(learner.given, learner.exercise.module, str(learner.impl_dir))
        self.endpoint = Endpoint(self.channel, side, policy=_kit_objects_only)
        self.endpoint.on_gone = self._ended
        # Stopped at once, so its sockets close as they would when an interrupted call unwinds;
        # the kit's peers waiting for that close let the check end.
        self.endpoint.on_abandon = lambda: self.stop("it was still running a call the check had given up on")
        self.endpoint.start()
        self.helpers = self.endpoint.codec.decode(ready.get("helpers"), [])

    def _wait_ready(self) -> dict:
        deadline = time.monotonic() + START_LIMIT
        while True:
            if time.monotonic() > deadline:
                self.stop(f"it was still importing the module after {START_LIMIT:g} s")
                raise CheckTimeout(START_LIMIT)
            readable, _, _ = select.select([self.channel.sock], [], [], 0.05)
            if readable:
                try:
                    message, fds = self.channel.receive()
                except (wire.Closed, wire.Garbled, OSError):
                    break
                for fd in fds:
                    os.close(fd)
                if message.get("op") == "ready":
                    return message
                self.stop("it sent the checks something else than the kit's first message")
                break
            if self.popen.poll() is not None:
                break
        why = self._death(wait=DEATH_WAIT)
        printed = self.learner.output.take().strip()
        more = f"\nit printed:\n{printed}" if printed else ""
        raise ExerciseUnavailable(f"while importing {self.learner.shown}/{self.learner.exercise.filename}, {why}{more}")

    def _ended(self, why: str) -> str:
        """The channel ended: say how the process did (called on the channel's reader thread)."""
        if why.startswith("garbled") or why.startswith("broken"):
            self.stop("it wrote onto its connection with the checks (a file descriptor your code did not open)")
        return self._death(wait=DEATH_WAIT)

    def _death(self, wait: float) -> str:
        try:
            code = self.popen.wait(wait)
        except subprocess.TimeoutExpired:
            self.stop("it closed its connection with the checks (a file descriptor your code did not open)")
            code = self.popen.returncode
        if self.stopped:
            return f"your code's process was stopped by the kit: {self.stopped}"
        return describe_end(code)

    def stop(self, why: str) -> None:
        if self.stopped is None:
            self.stopped = why
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if self.own_uid is not None:  # also what left the session (setsid): it is still that user
            _kill_every_process_of(self.own_uid)
        try:
            self.popen.kill()
        except OSError:
            pass
        self.popen.wait()
        self.channel.close()

    def alive(self) -> bool:
        return self.stopped is None and self.endpoint is not None and self.endpoint.gone is None and not self.endpoint.abandoned

    def _read_output(self) -> None:
        stream = self.popen.stdout
        while True:
            chunk = stream.read1(65536) if hasattr(stream, "read1") else stream.read(65536)
            if not chunk:
                break
            self.learner.output.feed(chunk.decode("utf-8", errors="replace"))


def describe_end(code: int | None) -> str:
    """How a learner process ended, in words, from its exit status."""
    if code is None:
        return "your code's process stopped answering"
    if code < 0:
        number = -code
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else f"signal {number}"
        if number == getattr(signal, "SIGXCPU", -1):
            return "your code's process used up its CPU time (SIGXCPU): does it loop forever?"
        if number == signal.SIGKILL:
            return "your code's process was killed (SIGKILL): did it use too much memory, or start too many processes?"
        if number in (signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT, signal.SIGILL, signal.SIGFPE):
            return f"your code's process crashed ({name})"
        return f"your code's process was ended by {name}"
    return (f"your code ended its process (exit status {code}), as os._exit({code}) does: a function "
            "should raise an exception instead")


class Learner:
    """The learner's process for one module of one folder, restarted after a crash."""

    def __init__(self, exercise: Exercise, impl_dir: Path, shown: str, pristine: ModuleType | None, kit_root: Path) -> None:
        self.exercise = exercise
        self.impl_dir = Path(os.path.realpath(impl_dir))
        self.shown = shown
        self.given = {name: getattr(pristine, name) for name in exercise.given if hasattr(pristine, name)}
        solution = kit_root / "solutions" / exercise.filename
        self.stub_source = make_stub(solution.read_text(), exercise) if solution.is_file() else ""
        self.output = Output()
        self.scratch = Path(tempfile.mkdtemp(prefix="netlings-learner-"))
        os.chmod(self.scratch, 0o755)
        self.kit_copy = self.scratch / "kit"
        self.impl_copy = self.scratch / "impl"
        self.workdir = self.scratch / "work"
        self.workdir.mkdir()
        os.chmod(self.workdir, 0o1777)
        _copy_python(KIT_CODE, self.kit_copy, KIT_PARTS)
        _copy_python(self.impl_dir, self.impl_copy, None)
        _readable(self.scratch / "kit")
        _readable(self.impl_copy)
        self.python_path = [p for p in sys.path if p and os.path.isdir(p) and not _kit_code(p, kit_root)]
        self.hidden = _hidden_folders([kit_root, self.impl_dir], needed=[self.scratch, *self.python_path, sys.prefix])
        self.process: Process | None = None
        self.generation = 0
        self._syncs = 0

    def current(self) -> Process:
        """The running process, started (afresh, after a crash) when needed."""
        if self.process is None or not self.process.alive():
            if self.process is not None:
                self.process.stop("it was still running a call the check had given up on")
            self.process = None
            with paused():  # a check's time is for its own calls, not for starting Python
                process = Process(self)
                try:
                    process.start()
                except BaseException:
                    process.stop("it did not get ready")
                    raise
            self.process = process
            self.generation += 1
        return self.process

    def after_check(self) -> None:
        """A process still busy with a call the check gave up on is stopped now, not at the next check."""
        if self.process is not None and self.process.endpoint is not None and self.process.endpoint.abandoned:
            self.process.stop("it was still running a call when the check ended")

    def take_output(self) -> str:
        """What learner code printed since the last check."""
        process = self.process
        if process is not None and process.alive():
            self._syncs += 1
            try:
                process.helpers.write_marker(SYNC.format(self._syncs))
                self.output.wait_for(str(self._syncs), SYNC_WAIT)
            except BaseException:  # noqa: BLE001 - a process that cannot do it has printed what it printed
                pass
        return self.output.take()

    def env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key in KEPT_ENV or key.startswith("LC_")}
        env.update(HOME=str(self.workdir), TMPDIR=str(self.workdir), PYTHONHASHSEED="0",
                   PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8", MALLOC_ARENA_MAX="2")
        return env

    def close(self) -> None:
        if self.process is not None:
            self.process.stop("the checks are done")
        shutil.rmtree(self.scratch, ignore_errors=True)


_current: list[Learner] = []  # the learner of the check that runs now (set by the impl fixture)


def current_helpers() -> Any:
    """The kit's helpers in the learner's process of the check that runs now."""
    if not _current:
        raise RuntimeError("no learner process: the check uses no `impl`")
    return _current[0].current().helpers


def is_instance(value: Any, module: str, name: str) -> bool:
    """isinstance(value, module.name), asked where `value` lives (a learner's object, in its process)."""
    if isinstance(value, Remote):
        return bool(current_helpers().is_instance(value, module, name))
    import importlib

    return isinstance(value, getattr(importlib.import_module(module), name))


class LearnerModule:
    """`impl`: the learner's module as the checks see it."""

    def __init__(self, learner: Learner) -> None:
        self._learner = learner
        self._names: dict[str, Any] = {}
        self._generation = -1
        self.__name__ = learner.exercise.module

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        learner = self._learner
        if name in learner.given:
            return learner.given[name]
        process = learner.current()
        if self._generation != learner.generation:
            self._names, self._generation = {}, learner.generation
        if name not in self._names:
            self._names[name] = process.endpoint.request("get", 0, name)
        return self._names[name]

    @property
    def helpers(self) -> Any:
        return self._learner.current().helpers


def _kit_objects_only(obj: Any, op: str, attr: str | None) -> None:
    """What the learner's process may do with the kit's objects it is handed: call them, go
    through them (a generator of readings), and call the methods their class lists in
    `learner_may_call`; nothing else (no attributes, no private names)."""
    allowed = getattr(type(obj), "learner_may_call", ())
    if op == "get" and attr in getattr(type(obj), "learner_may_get", ()):
        return
    if op == "call" and (attr is None or attr in allowed or attr in ITERATING and hasattr(type(obj), attr)):
        return
    if op == "builtin" and (attr in ("repr", "str", "bool") or hasattr(type(obj), f"__{attr}__")):
        return
    what = f".{attr}" if attr else f" ({op})"
    raise PermissionError(f"the kit's {type(obj).__name__} offers no {what.strip()} to your code")


ITERATING = ("__getitem__", "__contains__", "__len__")


def _copy_python(source: Path, target: Path, parts: tuple[str, ...] | None) -> None:
    """Copy the Python files of `source` (only the folders `parts`, when given) to `target`."""
    def ignore(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if n.startswith(".") or n == "__pycache__"
                or (not n.endswith(".py") and not os.path.isdir(os.path.join(folder, n)))]

    target.mkdir(parents=True, exist_ok=True)
    for name in parts or [p.name for p in source.iterdir()]:
        path = source / name
        if name.startswith(".") or name == "__pycache__":
            continue
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=ignore, symlinks=False, dirs_exist_ok=True)
        elif path.suffix == ".py" and path.is_file():
            shutil.copy2(path, target / name)


def _kill_every_process_of(uid: int) -> None:
    for _ in range(5):  # a process may fork while the last round looked: look again
        found = processes_of(uid) or []
        for pid, _threads in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        if not found:
            return


def _hidden_folders(roots: list[Path], needed: list) -> list[str]:
    """What the learner's process must not see: the folders in the kit's (solutions/, tests/,
    .git ...) and the learner's own folder (it has a copy), but none on the way to what it needs."""
    needed = [os.path.realpath(p) for p in needed]

    def on_the_way(folder: str) -> bool:
        return any(n == folder or n.startswith(folder + os.sep) for n in needed)

    hidden = []
    kit_root, impl_dir = (os.path.realpath(r) for r in roots)
    for name in sorted(os.listdir(kit_root)):
        folder = os.path.join(kit_root, name)
        if os.path.isdir(folder) and not on_the_way(folder):
            hidden.append(folder)
    if not on_the_way(impl_dir) and not any(impl_dir.startswith(h + os.sep) for h in hidden):
        hidden.append(impl_dir)
    return hidden


def _readable(folder: Path) -> None:
    """Files others may read, folders they may enter: the learner's process may be another user."""
    for path in [folder, *folder.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)


def _kit_code(path: str, kit_root: Path) -> bool:
    """The kit folder, or a folder of its code (a virtual environment inside it is fine)."""
    real, root = os.path.realpath(path), os.path.realpath(kit_root)
    return real == root or any(real == os.path.join(root, part) or real.startswith(os.path.join(root, part) + os.sep)
                               for part in ("solutions", "tests", "exercises", "grader", "mockservers"))
