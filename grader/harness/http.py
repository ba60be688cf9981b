"""The `http` fixture's helper: raw HTTP servers that learner code connects to by itself.

`server = http.server(*steps)` starts a `RawHTTPServer` on 127.0.0.1 whose every connection
reads one whole request and then plays `steps`; the check gives learner code
`server.address` (or a URL made of it) and reads `server.requests`. Every failure message
tells each connection as a transcript: the request the code sent, line by line, then the
response the server gave, the way a learner could replay it with `nc`.

Learner code owns its socket here, so the server paces its pieces by time: a check whose
verdict depends on how a response is cut uses `tcp.server(..., transcript=True)` instead,
which hands learner code a socket the server paces in lockstep.
"""

from __future__ import annotations

from .checking import Checker


class HTTPServers:
    def __init__(self, checker: Checker) -> None:
        self._checker = checker
        self._servers = []

    def server(self, *steps):
        from mockservers.rawhttp import RawHTTPServer  # only HTTP checks need it

        server = RawHTTPServer(*steps)
        self._servers.append(server)
        self._checker.watch(server, transcript=True)
        return server

    def close(self) -> None:
        """Stop every server; raise PeerFailed if one of their peers broke while the check ran."""
        for server in self._servers:
            server.stop()
        for server in self._servers:
            for peer in server.peers:
                peer.check_health()
