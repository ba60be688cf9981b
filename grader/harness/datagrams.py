"""The `udp` fixture's helper: lossy UDP servers for learner clients (exercise 7).

    server = udp.server(DROP, DROP)                 # drops the first two datagrams, answers the rest
    check.returns(b"answer to ping", call(impl.udp_request, server.address, b"ping", timeout=0.2), hint="...")
    server.received                                 # every datagram learner code sent, with its fate

A failure message tells what the server received, when, and what it did with each datagram:

    the UDP server received 3 datagrams from your code:
      1. at 0.00 s from 127.0.0.1:50123: id 0x8c01f32a + b'ping'; the server dropped it
      2. at 0.20 s from 127.0.0.1:50123: the same bytes; the server dropped it
      3. at 0.40 s from 127.0.0.1:50123: the same bytes; the server answered
"""

from __future__ import annotations

import pytest

from .checking import Checker
from .leaks import SocketWatch
from .show import count, show


class UDPStory:
    """How a failure message tells a lossy UDP server."""

    def __init__(self, server) -> None:
        self.server = server

    def story_lines(self, role: str) -> list[str]:
        from .story import TURN

        self.server.wait_until_sent(0.5)  # what it was going to send, it has sent: the same story every run
        received = list(self.server.received)
        if not received:
            return [f"the {role} received no datagram from your code"]
        lines = [f"the {role} received {count(len(received), 'datagram')} from your code:"]
        previous = None
        for number, datagram in enumerate(received, start=1):
            if previous is not None and datagram.data == previous.data:
                what = "the same bytes"
            elif datagram.request_id is None:
                what = f"{show(datagram.data)}, too short to hold an id"
            else:
                what = f"id {datagram.request_id:#010x} + {show(datagram.data[4:])}"
            host, port = datagram.peer
            lines.append(
                f"{TURN}{number}. at {datagram.at - received[0].at:.2f} s from {host}:{port}: {what}; "
                f"the {role} {datagram.fate}"
            )
            previous = datagram
        return lines


class UDPServers:
    """The lossy UDP servers of one check, stopped when it ends."""

    def __init__(self, checker: Checker) -> None:
        self._checker = checker
        self._servers = []

    def server(self, *fates, **options):
        """A LossyUDPServer with these fates (see mockservers/lossyudp.py), told in failure messages."""
        from mockservers.lossyudp import LossyUDPServer  # mockservers load only where checks use them

        server = LossyUDPServer(*fates, **options)
        self._servers.append(server)
        self._checker.watch(UDPStory(server), "UDP server")
        return server

    def watch(self) -> SocketWatch:
        """Watch the sockets of a call: the servers' own are not learner code's."""
        ports = {port for server in self._servers for port in (server.address[1], server.stranger_address[1])}
        return SocketWatch(kit_ports=ports)

    def close(self) -> None:
        for server in self._servers:
            server.stop()
        for server in self._servers:
            server.check_health()


@pytest.fixture
def udp(check: Checker):
    """Lossy UDP servers for learner clients."""
    servers = UDPServers(check)
    yield servers
    servers.close()
