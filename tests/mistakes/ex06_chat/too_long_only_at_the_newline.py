"""Measures a line only once its newline has arrived: a line that never ends fills the buffer."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "do not wait for the end of the line"


class ChatServer(ChatServer):  # noqa: F405
    def _refuse_long_line(self, client):
        if b"\n" in client.inbox or not client.inbox:  # a complete line that is too long
            super()._refuse_long_line(client)
        else:
            client.searched = len(client.inbox)  # wait for the newline
