"""sock_diag: the kernel's counters of a socket found by its addresses."""

import socket
import sys
import time

import pytest

from mockservers.sockdiag import available, far_counters

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sock_diag is Linux's")


@linux_only
def test_the_counters_of_the_far_end_say_what_arrived_and_what_is_unread():
    assert available()
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.create_connection(listener.getsockname(), timeout=2)
        accepted, _ = listener.accept()
        with client, accepted:
            far = (client.getsockname(), client.getpeername())
            assert far_counters(*far) == (0, 0)
            accepted.sendall(b"hello")
            deadline = time.monotonic() + 2
            while far_counters(*far) != (5, 5) and time.monotonic() < deadline:
                time.sleep(0.001)
            assert far_counters(*far) == (5, 5)
            client.recv(3)
            assert far_counters(*far) == (5, 2)
        time.sleep(0.05)
        assert far_counters(*far) is None  # closed: no such connection any more


def test_no_counters_for_an_address_that_is_not_ipv4():
    assert far_counters(("::1", 1), ("::1", 2)) is None
