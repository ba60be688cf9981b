"""Splits lines at b"\n" and keeps the b"\r" of a CRLF: 'NICK bob\r' is a bad name."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "then one b'\\r' at the end"


class ChatServer(ChatServer):  # noqa: F405
    def _handle(self, client, line):
        if line.startswith("NICK ") and client.name is None:
            return self._nick(client, line[5:])
        return super()._handle(client, line)

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
        client.inbox += data
        while not client.done and (end := client.inbox.find(b"\n")) >= 0:
            line = bytes(client.inbox[:end])
            del client.inbox[: end + 1]
            if len(line) > self.max_line:
                self._refuse_long_line(client)
                return
            self._handle(client, line.decode("utf-8", errors="replace"))  # the b"\r" stays
        if not client.done and len(client.inbox) > self.max_line:
            self._refuse_long_line(client)
