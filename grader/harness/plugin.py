"""The netlings pytest plugin: one set of checks grades any folder of exercise modules.

This module only gathers the plugin's parts, one concern each:

- options.py: `--impl DIR`, `--check-timeout SECONDS`, `--netlings-results FILE`;
- fixtures.py: `impl`, `check` and `tcp`, the fixtures checks are written with;
- apis.py: `api` and `webhooks`, the fixtures of the HTTP API checks (exercises 10-13);
- services.py: `service`, line services that learner clients connect to themselves (exercise 5);
- datagrams.py: `udp`, lossy UDP servers (exercise 7);
- chatting.py: `chat`, a learner's chat server and the clients that talk to it (exercise 6);
- timer.py: each check's short time limit, and the `CheckTimeout` it raises;
- reporting.py: the events the grade command reads, with a learner's message for every check
  that did not pass.

Grading runs load it explicitly (`-p grader.harness.plugin`, no conftest files); the kit's own
tests load it from tests/conftest.py.
"""

pytest_plugins = [
    "grader.harness.options",
    "grader.harness.timer",
    "grader.harness.fixtures",
    "grader.harness.apis",
    "grader.harness.services",
    "grader.harness.datagrams",
    "grader.harness.chatting",
    "grader.harness.reporting",
]
