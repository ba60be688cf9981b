"""Reads any HTTP/<something> as a version, so HTTP/2 gets 505 instead of 400."""

import re

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "anything else is 400"

reference._VERSION = re.compile(rb"HTTP/[0-9.]+")
