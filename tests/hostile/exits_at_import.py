"""sys.exit(0) when the module is imported."""

import sys

EXPECT = "error"

sys.exit(0)
