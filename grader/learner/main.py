"""The learner's process: fence itself in, import the learner's module, then serve the checks.

Started by the checks' process (harness/learners.py) as

    python -s -S -u -c BOOT KIT_COPY FD

with a copy of the kit's own code (grader/ and mockservers/, never solutions/ or tests/) at
KIT_COPY, the channel to the checks on descriptor FD, and its output on a pipe. In order:

1. read the set-up message (which module, where its copy of the learner's folder is, the
   stub of the exercise, the folders of Python's own libraries);
2. limit itself (limits.py) and fence itself in (sandbox.py), where the system allows it;
3. start the channel's reader thread, before any learner code can use up the processes or
   threads it is allowed;
4. import the learner's module (importing.py) and say "ready", or why it cannot be checked;
5. serve the checks' requests in the main thread until the channel closes.

It always leaves through os._exit: threads the learner started do not keep it alive.
"""

from __future__ import annotations

import os
import queue
import socket
import sys
import traceback
from pathlib import Path

BOOT = "import sys; sys.path.insert(0, sys.argv[1]); from grader.learner.main import main; main(int(sys.argv[2]))"


def main(fd: int) -> None:
    try:
        _serve(fd)
    except BaseException:  # noqa: BLE001 - the kit's own failure: told on stderr, the checks see it ended
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)
    os._exit(0)


def _serve(fd: int) -> None:
    from . import limits, sandbox, wire
    from .codec import Side
    from .rpc import Endpoint, Gone

    channel = wire.Channel(socket.socket(fileno=fd))
    setup, _ = channel.receive()
    impl = setup["impl"]
    sys.path[:] = [impl, sys.path[0], *setup["path"]]
    fenced = sandbox.fence(setup.get("sandbox") or {})
    limits.apply(setup.get("limits") or {}, own_user="a user of its own" in fenced)
    os.chdir(setup.get("workdir") or impl)

    from ..catalog import by_module
    from ..harness.loading import ExerciseUnavailable
    from .helpers import Helpers
    from .importing import import_learner_module, stub_module

    exercise = by_module(setup["module"])
    stub = stub_module(exercise, setup["stub"])
    inbox: queue.SimpleQueue = queue.SimpleQueue()
    side = Side({}, exercise.module, os.path.realpath(impl))
    endpoint = Endpoint(channel, side, serve_unnested=inbox.put)
    endpoint.on_gone = lambda why: inbox.put(Gone(why))  # and serve_forever returns
    endpoint.start()
    helpers = Helpers(side.learner_root)
    if setup.get("compare_digest"):
        helpers.watch_compare_digest()  # before the learner's module takes hmac.compare_digest
    try:
        module = import_learner_module(Path(impl), exercise, setup["shown"], stub)
    except ExerciseUnavailable as exc:
        channel.send({"op": "ready", "error": str(exc), "fenced": fenced})
        endpoint.serve_forever(inbox)
        return
    side.given.update({name: getattr(module, name) for name in exercise.given})
    endpoint.root = module
    channel.send({"op": "ready", "helpers": endpoint.export(helpers), "fenced": fenced})
    endpoint.serve_forever(inbox)
