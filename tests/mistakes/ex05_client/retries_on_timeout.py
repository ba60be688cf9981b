"""Asks a second time when the first try times out: a silent service costs twice the timeout."""

from reference import *  # noqa: F403 - the correct solution, except for what follows
from reference import _converse, _refuse_line_breaks

CAUGHT_BY = "do not try again"


def ask(address, question, timeout=5.0):
    _refuse_line_breaks([question])
    for attempt in range(2):
        try:
            return _converse(address, [question], timeout)[0]
        except ServiceTimeout:  # noqa: F405
            if attempt == 1:
                raise
