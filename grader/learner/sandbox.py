"""Fencing the learner's process in (filled in below)."""


def fence(options: dict) -> list[str]:
    return []
