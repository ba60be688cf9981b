"""The `tcp` fixture's helper: connections from learner code to chunking servers.

`sock, server = tcp.server(*steps)` connects a socket for learner code to a chunking server
playing `steps`; the check hands `sock` to the learner's function and reads `server`'s journal.
With `send_limit`, `sock`'s send() is stingy, and every failure message says so first.

The server paces its pieces by `sock` (lockstep): each piece arrives as a read of its own,
exactly as scripted, on a busy machine too. Every check whose verdict depends on how bytes are
cut (`DRIBBLE`, `split_at`, `seeded`, `fixed`, and "several messages in one piece") relies on
that, so hand learner code this `sock`, never a connection the peer cannot see the far end of.
"""

from __future__ import annotations

import socket

from .checking import Checker
from .show import show

PARTIAL_SEND = (
    "one send() may take only part of the data and returns how many bytes it took; "
    "loop until every byte is sent, or use sendall()"
)


class TCPServers:
    """One chunking server serves the whole run; each connection plays its own script."""

    def __init__(self, listener, checker: Checker) -> None:
        self._listener = listener
        self._checker = checker
        self._connections = []

    def server(self, *steps, send_limit: int | None = None, role: str = "server", transcript: bool = False):
        """A socket for learner code, connected to a peer playing `steps`; and that peer.

        `role` names the peer in stories ("client" for a peer that sends requests to learner
        code); `transcript` tells its conversation line by line (see story.py).
        """
        sock, peer = self._listener.connect(*steps, send_limit=send_limit)
        self._connections.append((sock, peer))
        peer.wait_until_settled(self._checker.timeout / 2)  # the same story on every run
        if send_limit is not None:
            self._checker.setup.append(f"your code's socket: its send() takes at most {send_limit} bytes a call")
        self._checker.watch(peer, role, transcript=transcript)
        return sock, peer

    def everything_received(self, sock, server) -> bytes:
        """Close `sock`'s sending side, wait for the server to see it, return all it received."""
        try:
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # learner code closed it already: the server sees that too
        server.wait_until_other_side_ends(self._checker.timeout / 2)
        return server.received

    def expect_nothing_sent(self, sock, server, *, after: str, why: str, hint: str) -> None:
        """The server received nothing from `sock`; `after` says what learner code did first."""
        received = self.everything_received(sock, server)
        self._checker.expect(
            received == b"",
            got=f"{after}, but the server had received {show(received)} from it",
            expected=f"nothing sent: {why}",
            hint=hint,
        )

    def close(self) -> None:
        """Close every connection; raise PeerFailed if a peer broke while the check ran."""
        for sock, peer in self._connections:
            sock.close()
            self._listener.release(peer)
        for _, peer in self._connections:
            peer.check_health()
