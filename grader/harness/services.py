"""The `service` fixture's helper: line services that learner code connects to by itself (exercise 5).

    address = service.start(*answering(b"42\\n"))
    check.returns("42", call(impl.ask, address, "What is 6 x 7?"), hint="...")

Each service is a `LineService` (mockservers/lineservice.py), paced in lockstep with the far end,
the learner's own socket: the checks of pieces (an answer one byte at a time, two answers in one
segment) see the pieces arrive as scripted. Every failure message tells what each service's
connections did (`the service and your code talked: ...`), or that no connection came.

Closing is checked from the outside (`watch()`, then `expect_closed`, and leaks.py's
`expect_none_collected`): the service saw the close while the check still held what the call
raised, no socket of the call's is left open in the process, and the garbage collector closed
none of them.
"""

from __future__ import annotations

import pytest

from .checking import Checker, Hint
from .leaks import SocketWatch, expect_none_left_open
from .show import count

CLOSE_SECONDS = 0.5  # for the service to see a close that learner code made


class ServiceStory:
    """How a failure message tells a service: its one connection, its several, or none."""

    def __init__(self, service) -> None:
        self.service = service

    def story_lines(self, role: str) -> list[str]:
        from .story import TURN, tell

        connections = self.service.connections
        if not connections:
            return [f"the {role} was listening, and your code did not connect to it"]
        if len(connections) == 1:
            return tell(connections[0], role)
        lines = [f"your code made {count(len(connections), 'connection')} to the {role}:"]
        for number, peer in enumerate(connections, start=1):
            lines += [f"{TURN}connection {number}:", *(TURN + line for line in tell(peer, role))]
        return lines


class Services:
    """The services and dead addresses of one check, stopped when it ends."""

    def __init__(self, checker: Checker) -> None:
        self._checker = checker
        self._services = []  # LineService
        self._backlogs = []  # FullBacklog

    def start(self, *steps) -> tuple[str, int]:
        """A service playing `steps` on every connection; its address."""
        from mockservers.lineservice import LineService  # mockservers load only where checks use them

        service = LineService(*steps)
        self._services.append(service)
        self._checker.watch(ServiceStory(service), "service")
        return service.address

    def full_backlog(self) -> tuple[str, int]:
        """An address whose listener never accepts, its queue full: connecting times out."""
        from mockservers.lineservice import FullBacklog

        backlog = FullBacklog()
        self._backlogs.append(backlog)
        host, port = backlog.address
        self._checker.setup.append(
            f"the service at {host}:{port} never accepts a connection, and its listen queue is full "
            "(connections of the grader's own fill it), so connecting gets no answer at all"
        )
        return backlog.address

    def nothing_listens(self) -> tuple[str, int]:
        """A loopback address where connecting is refused."""
        from mockservers.lineservice import unused_address

        address = unused_address()
        self._checker.setup.append(
            f"nothing listens at {address[0]}:{address[1]} (a port that was in use a moment ago), "
            "so connecting to it is refused"
        )
        return address

    @property
    def connections(self) -> list:
        """The services' side of every connection learner code made to them, service by service."""
        return [peer for service in self._services for peer in service.connections]

    def watch(self) -> SocketWatch:
        """Watch the sockets of a call: the services' own are not learner code's."""
        return SocketWatch(kit_ports={service.address[1] for service in self._services})

    def expect_closed(self, watch: SocketWatch, after: str, *, hint: Hint) -> None:
        """Learner code closed what it opened: the services saw it, and the process holds no such socket.

        `after` says what the call did (`ask(...) raised ServiceTimeout`); the check still holds
        it, and with it the frames of learner code.
        """
        for service in self._services:
            for number, peer in enumerate(service.connections, start=1):
                if any(p.action == "reset" for p in peer.played):
                    continue  # the service closed it itself; the open-socket test below still looks
                if not peer.wait_until_other_side_ends(CLOSE_SECONDS):
                    which = f"connection {number}" if len(service.connections) > 1 else "the connection"
                    self._checker.fail(
                        f"{after}, but {which} to the service was still open {CLOSE_SECONDS:g} s later: the "
                        "service never saw your code close it",
                        "expected the socket closed on every path, before the function returns or raises",
                        hint=hint,
                    )
        expect_none_left_open(self._checker, watch, after, hint=hint)

    def close(self) -> None:
        """Stop every service; raise PeerFailed if one of them broke while the check ran."""
        for service in self._services:
            service.stop()
        for backlog in self._backlogs:
            backlog.stop()
        for service in self._services:
            for peer in service.connections:
                peer.check_health()


@pytest.fixture
def service(check: Checker):
    """Line services for learner clients, and addresses where none answers."""
    services = Services(check)
    yield services
    services.close()
