# The checks use the netlings plugin; the kit's plugin tests use pytester.
pytest_plugins = ["grader.harness.plugin", "pytester"]
