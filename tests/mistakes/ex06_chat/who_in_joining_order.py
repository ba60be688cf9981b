"""Lists the names for WHO in the order the clients joined, not sorted."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "sorted() and joined with ','"


class ChatServer(ChatServer):  # noqa: F405
    def _handle(self, client, line):
        if line == "WHO" and client.name is not None:
            names = [c.name for c in self._clients.values() if c.name is not None and not c.dead]
            self._send(client, "USERS " + ",".join(names))
        else:
            super()._handle(client, line)
