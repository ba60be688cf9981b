"""Reads a chunk size with int(size, 16) alone, which takes '0x5' and '+5' too."""

import re

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "int('0x5', 16) is 5"

reference._HEX = re.compile(rb"[+-]?(0[xX])?[0-9A-Fa-f]+")
