"""NICK keeps only the first word of what follows it: `NICK ann bob` names the client ann."""

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "check the whole name"

_nick = reference.ChatServer._nick


def _first_word(self, client, name):
    return _nick(self, client, name.split(" ")[0])


reference.ChatServer._nick = _first_word
