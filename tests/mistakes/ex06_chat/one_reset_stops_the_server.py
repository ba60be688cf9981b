"""Handles a clean close but not a reset: the ConnectionResetError ends the serving thread, and everyone with it."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "Catch them for that client only"


class ChatServer(ChatServer):  # noqa: F405
    def _read(self, client):
        try:
            data = client.sock.recv(65536)
        except BlockingIOError:
            return
        if not data:
            self._drop(client)
            return
        client.inbox += data
        while not client.done and (end := client.inbox.find(b"\n")) >= 0:
            line = bytes(client.inbox[:end])
            del client.inbox[: end + 1]
            if len(line) > self.max_line:
                self._refuse_long_line(client)
                return
            self._handle(client, line.removesuffix(b"\r").decode("utf-8", errors="replace"))
        if not client.done and len(client.inbox) > self.max_line:
            self._refuse_long_line(client)
