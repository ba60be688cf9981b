"""Takes what one recv() returns as one command."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "one recv() can hold part of a line or several lines"


class ChatServer(ChatServer):  # noqa: F405
    def _read(self, client):
        try:
            data = client.sock.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self._drop(client)
            return
        line = data.removesuffix(b"\n").removesuffix(b"\r")
        if len(line) > self.max_line:
            self._refuse_long_line(client)
            return
        self._handle(client, line.decode("utf-8", errors="replace"))
