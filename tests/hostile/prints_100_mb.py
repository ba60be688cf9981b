"""send_text prints 100 MB before doing its work right."""

from reference import *  # noqa: F401,F403
from reference import send_text as honest_send_text

EXPECT = "all"


def send_text(sock, text):
    print("x" * 100_000_000)
    return honest_send_text(sock, text)
