"""Sends messages and joined lines to every connected client, named or not."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "send it no messages and no joined/left lines"


class ChatServer(ChatServer):  # noqa: F405
    def _broadcast(self, line, but):
        for other in list(self._clients.values()):
            if other is not but and not other.done:
                self._send(other, line)
