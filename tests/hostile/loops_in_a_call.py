"""send_text loops forever and swallows every interruption."""

import time

from reference import *  # noqa: F401,F403

EXPECT = "all but send_text"


def send_text(sock, text):
    while True:
        try:
            time.sleep(1)
        except BaseException:  # noqa: BLE001 - the attack
            pass
