"""One module per subcommand of `grade`; each has `run(argv) -> exit status`."""
