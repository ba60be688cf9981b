"""Never finishes the incremental decoder, so a character cut off by the close goes unnoticed."""

import codecs

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "a character cut off by the close is an error"


def iter_text(sock):
    decoder = codecs.getincrementaldecoder("utf-8")()
    while chunk := sock.recv(65536):
        if text := decoder.decode(chunk):
            yield text
