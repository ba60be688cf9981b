"""NICK takes a name with spaces in it: its test of the characters lets a space through."""

import re

import reference
from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "each one of A-Z, a-z, 0-9, '_' and '-'"

reference.NAME = re.compile(r"[A-Za-z0-9_ -]{1,16}")
