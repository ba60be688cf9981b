"""The three outcomes of a check, the one vocabulary both processes write and read.

- PASS: the check reached its verdict, and the code did what the contract says.
- FAIL: the check reached its verdict against the code (a wrong result, an exception, too
  slow, still waiting at its time limit).
- ERROR: the check could not reach a verdict (the module did not load, the process running
  the check died, or a peer of the kit itself failed).
"""

PASS = "pass"
FAIL = "fail"
ERROR = "error"
STATUSES = (PASS, FAIL, ERROR)
