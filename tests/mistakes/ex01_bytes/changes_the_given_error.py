"""Makes the given MessageTooLargeError any exception at all, and never stops reading.

With `MessageTooLargeError = BaseException`, a check that expects the error would also catch
the time limit's interruption: the loop below would pass the limit check if the kit did not
compare the given names with its own copy first.
"""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "MessageTooLargeError is BaseException itself, not the class it is given as"

MessageTooLargeError = BaseException


def recv_text(sock, limit=1_048_576):
    data = b""
    while True:
        data += sock.recv(65_536)
