"""The fixtures checks are written with: `impl`, `check` and `tcp`.

- `impl`: the exercise module under check, imported from the --impl folder (a check file named
  `test_ex03_lines.py` checks `ex03_lines`). It is the one way checks reach learner code.
- `check`: a `Checker` (checking.py), which calls learner code and fails with a learner's
  message. It is also the author of the message for anything else that ends the check
  (`author_of`), so every message a learner reads is written in one place.
- `tcp`: connections for learner code to one chunking server that serves the whole run
  (tcp.py).
- `http`: raw HTTP servers that learner code connects to itself (http.py); `http_app`: a real
  Flask app served by werkzeug for the whole run (mockservers/httpapp.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .checking import Checker
from .http import HTTPServers
from .loading import ExerciseUnavailable, ImplFolder
from .options import DEFAULT_IMPL
from .tcp import TCPServers
from .timer import timeout_of

IMPL = pytest.StashKey[ImplFolder]()
CHECKER = pytest.StashKey[Checker]()
LEARNER_OUTPUT = pytest.StashKey[str]()


def impl_folder(config: pytest.Config) -> ImplFolder:
    """The folder under check: --impl (from where pytest started), else the ini setting (from the rootdir)."""
    if IMPL not in config.stash:
        given = config.getoption("netlings_impl")
        if given:
            path = Path(config.invocation_params.dir) / given
        else:
            path = config.rootpath / (config.getini("netlings_impl") or DEFAULT_IMPL)
        config.stash[IMPL] = ImplFolder(path, config.rootpath)
    return config.stash[IMPL]


def module_checked_by(path: Path) -> str:
    """`test_ex03_lines.py` checks the module `ex03_lines`."""
    return path.stem.removeprefix("test_")


def author_of(item: pytest.Item) -> Checker:
    """The Checker that tells what happened in this check (a fresh one if the check never got one)."""
    return item.stash.get(CHECKER, None) or Checker(timeout_of(item), str(impl_folder(item.config).path))


@pytest.fixture
def impl(request: pytest.FixtureRequest):
    """The exercise module under check, imported from the --impl folder in a learner process."""
    folder = impl_folder(request.config)
    module = module_checked_by(request.path)
    try:
        loaded = folder.load(module)
        _set_current(folder.learners[module])
        yield loaded
    finally:
        learner = folder.learners.get(module)
        if learner is not None:
            learner.after_check()
            request.node.stash[LEARNER_OUTPUT] = learner.take_output()


def _set_current(learner) -> None:
    from .learners import _current

    _current[:] = [learner]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """Start each learner's process now, before any check's clock runs (and before the grade
    command hears what was collected, so its start-up limit covers this): a module that does
    not import is then an exercise error at once, and no check pays for starting Python."""
    folder = impl_folder(session.config)
    modules = {module_checked_by(item.path) for item in session.items if "impl" in getattr(item, "fixturenames", ())}
    for module in sorted(modules):
        try:
            folder.load(module)
        except (ExerciseUnavailable, LookupError):  # told by each check of that exercise, as before
            pass


def pytest_unconfigure(config: pytest.Config) -> None:
    if IMPL in config.stash:
        config.stash[IMPL].close()


@pytest.fixture
def check(request: pytest.FixtureRequest) -> Checker:
    """Calls learner code and fails with the story of what happened."""
    checker = Checker(timeout_of(request.node), str(impl_folder(request.config).path))
    request.node.stash[CHECKER] = checker
    return checker


class LearnerEnviron:
    """The `learner_environ` fixture: environment variables of the learner's process, for one check."""

    def __init__(self) -> None:
        self._old: list[tuple[str, str | None]] = []

    def setenv(self, name: str, value: str) -> None:
        self._set(name, value)

    def delenv(self, name: str) -> None:
        self._set(name, None)

    def _set(self, name: str, value: str | None) -> None:
        from .learners import current_helpers

        self._old.append((name, current_helpers().set_environ(name, value)))

    def undo(self) -> None:
        from .learners import current_helpers

        while self._old:
            name, value = self._old.pop()
            try:
                current_helpers().set_environ(name, value)
            except BaseException:  # noqa: BLE001 - a process that is gone takes its environment with it
                pass


@pytest.fixture
def learner_environ(impl):
    """Like monkeypatch.setenv/delenv, for the learner's process (learner code reads os.environ there)."""
    environ = LearnerEnviron()
    yield environ
    environ.undo()


@pytest.fixture(scope="session")
def chunking_server():
    """The chunking server every check's `tcp` connections go to, for the whole run."""
    from mockservers.chunking import ChunkingServer  # only runs with TCP checks need it

    server = ChunkingServer()
    yield server
    server.stop()


@pytest.fixture
def tcp(chunking_server, check: Checker):
    """Connections from learner code to the chunking server, each playing its own script."""
    servers = TCPServers(chunking_server, check)
    yield servers
    servers.close()


@pytest.fixture
def http(check: Checker):
    """Raw HTTP servers for learner code to connect to, each answering with its own script."""
    servers = HTTPServers(check)
    yield servers
    servers.close()


@pytest.fixture(scope="session")
def http_app():
    """A well-behaved Flask app on 127.0.0.1 for the whole run (`.url`, `.address`)."""
    from mockservers.httpapp import create_app
    from mockservers.wsgi import OneRequestHandler, Served

    server = Served(create_app(), handler=OneRequestHandler)
    yield server
    server.stop()
