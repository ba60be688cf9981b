"""What runs in the process that runs the checks: the pytest plugin, loading the learner's
module, the check vocabulary (checking.py, show.py, story.py) and the peers' fixtures (tcp.py).
The grade command never imports this side; it reads what the checks report (run/events.py)."""
