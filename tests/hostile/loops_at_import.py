"""An endless loop when the module is imported."""

EXPECT = "error"

while True:
    pass
