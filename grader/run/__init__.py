"""Running the checks' process from the grade command: runner.py starts and watches it,
child.py is its entry point (limits first, then pytest), events.py is the channel back."""
