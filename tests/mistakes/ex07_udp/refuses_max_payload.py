"""Refuses a payload of exactly MAX_PAYLOAD bytes (>= instead of >)."""

from reference import *  # noqa: F403 - the correct solution, except for what follows
import reference

CAUGHT_BY = "a payload of exactly MAX_PAYLOAD bytes still fits"


def udp_request(address, payload, timeout=0.5, attempts=4):
    if len(payload) >= MAX_PAYLOAD:  # noqa: F405
        raise ValueError("payload too long")
    return reference.udp_request(address, payload, timeout, attempts)
