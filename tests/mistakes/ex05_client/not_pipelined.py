"""ask_many asks each question in turn, waiting for each answer before sending the next question."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "send every question before reading the first answer"


def ask_many(address, questions, timeout=5.0):
    return [ask(address, question, timeout) for question in questions]  # noqa: F405
