"""netlings' grader: the `grade` command and the pytest plugin that runs the checks."""
