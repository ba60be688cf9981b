"""Kit code the checks run in the learner's process, where the learner's objects and sockets are.

The checks reach it as one object (`Helpers`), through the same channel as learner code. What
must be measured or served next to learner code lives here: which sockets the process holds,
the ResourceWarnings of sockets the garbage collector closed, CPU time spent reading lines,
a learner's Flask app served on a loopback port, and the kit's wrappers that learner code is
handed as real objects (a requests.Session that records timeouts).
"""

from __future__ import annotations

import gc
import os
import sys
import time
import warnings


class Helpers:
    def __init__(self, impl_root: str) -> None:
        self.impl_root = impl_root
        self._warnings = None
        self._records: list = []
        self.digests = None  # CompareDigestCalls, when the exercise needs it (see `watch_compare_digest`)

    def write_marker(self, marker: str) -> None:
        """The end of a check's output (the checks' side waits for it, see harness/learners.py)."""
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001 - learner code may have closed or replaced them
                pass
        os.write(1, marker.encode())

    # Sockets the process holds (leaks.py) --------------------------------------------------

    def open_sockets(self) -> list:
        from ..harness.leaks import open_sockets

        return [[fd, inode, found.kind, found.local, found.remote] for (fd, inode), found in open_sockets().items()]

    def start_watching_warnings(self) -> None:
        gc.collect()
        self.stop_watching_warnings()
        self._warnings = warnings.catch_warnings(record=True)
        self._records = self._warnings.__enter__()
        warnings.simplefilter("always", ResourceWarning)

    def collected_warnings(self) -> list:
        gc.collect()
        return [str(w.message) for w in self._records if issubclass(w.category, ResourceWarning) and "socket" in str(w.message)]

    def stop_watching_warnings(self) -> None:
        if self._warnings is not None:
            gc.collect()
            self._warnings.__exit__(None, None, None)
            self._warnings = None

    # Reading lines for the speed check (exercise 3) ---------------------------------------

    def plain_split_seconds(self, data: bytes) -> float:
        """CPU time of a plain line-splitting loop over `data`: this machine's yardstick."""
        started = time.thread_time()
        buffer, start = bytearray(data), 0
        while (end := buffer.find(b"\n", start)) >= 0:
            bytes(buffer[start:end]).decode("utf-8")
            start = end + 1
        return time.thread_time() - started

    def read_until_close(self, reader, budget: float) -> tuple[list, float]:
        """Lines until readline() returns None, or until `budget` seconds of CPU time are spent."""
        lines, started = [], time.thread_time()
        while (line := reader.readline()) is not None:
            lines.append(line)
            if len(lines) % 1000 == 0 and time.thread_time() - started > budget:
                break
        return lines, time.thread_time() - started

    # A learner's Flask app (exercise 13) ---------------------------------------------------

    def serve(self, app) -> tuple[str, int]:
        """Serve `app` on 127.0.0.1 (threaded, as `flask run` does); the checks stop it (`.stop()`)."""
        from mockservers.wsgi import Served

        errors: list = []
        try:
            from flask import got_request_exception

            got_request_exception.connect(lambda sender, exception, **extra: errors.append(exception), app, weak=False)
        except (ImportError, TypeError, AttributeError):  # not a Flask app: served as WSGI all the same
            pass
        served = Served(app)
        served.errors = errors  # what the app raised while answering, told in the check's story
        return served

    # The kit's wrappers -------------------------------------------------------------------

    def recording_session(self):
        from ..harness.fakes import RecordingSession

        return RecordingSession()

    def kit_session(self, token: str | None = None):
        """A requests.Session of the kit's that records timeouts, sending `token` as a bearer token."""
        from ..harness.fakes import RecordingSession

        session = RecordingSession()
        if token is not None:
            session.headers["Authorization"] = f"Bearer {token}"
        session.headers["Accept"] = "application/json"
        return session

    def set_environ(self, name: str, value: str | None) -> str | None:
        """Set (or, with None, remove) an environment variable of the learner's process; the old value."""
        old = os.environ.get(name)
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
        return old

    def is_instance(self, value, module: str, name: str) -> bool:
        import importlib

        return isinstance(value, getattr(importlib.import_module(module), name))

    def compare_digest_calls(self) -> int:
        """Calls of hmac.compare_digest made from the learner's files so far."""
        return self.digests.count_from(self.impl_root) if self.digests is not None else 0

    def watch_compare_digest(self):
        from ..harness.fakes import CompareDigestCalls

        self.digests = CompareDigestCalls.install()
        return self.digests
