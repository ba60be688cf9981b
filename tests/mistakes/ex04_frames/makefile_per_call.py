"""Makes a buffered sock.makefile() in every call: it reads ahead, and the next frame goes with it."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "never take bytes of the next frame"


def recv_frame(sock, max_size=MAX_FRAME):  # noqa: F405
    with sock.makefile("rb") as file:
        header = file.read(4)
        if not header:
            return None
        if len(header) < 4:
            raise IncompleteMessageError("the header was cut off", partial=header)  # noqa: F405
        (length,) = HEADER.unpack(header)  # noqa: F405
        if length > max_size:
            raise FrameTooLargeError(f"{length} bytes")  # noqa: F405
        payload = file.read(length)
        if len(payload) < length:
            raise IncompleteMessageError("the payload was cut off", partial=header + payload)  # noqa: F405
        return payload
