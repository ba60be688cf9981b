"""Broadcasts to every named client, the sender too."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "not back to its sender"


class ChatServer(ChatServer):  # noqa: F405
    def _broadcast(self, line, but):
        for other in list(self._clients.values()):
            if other.name is not None and not other.done:
                self._send(other, line)
