"""A raw HTTP server: reads each whole request, then answers with scripted bytes in scripted pieces.

Flask (and any framework) writes well-formed responses; the checks of a hand-written client
need the others too: chunks split anywhere, extensions and trailers, upper-case hex, a body
that runs until the close, a Content-Length that promises more than comes, a status line that
is not HTTP. Build the bytes with `httpwire.response` and `httpwire.chunked`, cut them with the
chunking peers' piece strategies:

    with RawHTTPServer(send(response(200, "OK", [("Content-Length", "5")], b"hello"), pieces=DRIBBLE), close()) as server:
        ...                                  # learner code connects to server.address
        server.requests                      # the request each connection sent

Every connection waits for one whole request (see `httpwire.request_length`) before playing
the steps, so the answer never races the question. Connections come from learner code, so
pieces are paced by time (`gap` seconds apart), not in lockstep.
"""

from __future__ import annotations

from .chunking import DEFAULT_GAP, LOOPBACK, ChunkingServer
from .httpwire import request_length
from .script import Step, receive


class RawHTTPServer(ChunkingServer):
    def __init__(self, *steps: Step, host: str = LOOPBACK, port: int = 0, gap: float = DEFAULT_GAP) -> None:
        super().__init__(receive(until=request_length, what="a whole request"), *steps, host=host, port=port, gap=gap)

    @property
    def requests(self) -> list[bytes]:
        """What each connection sent, in the order they came."""
        return [peer.received for peer in list(self.peers)]
