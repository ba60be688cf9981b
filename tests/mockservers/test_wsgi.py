"""Serving an app: a loopback port of its own, stopped at once, RST on request, busy ports told."""

import socket

import pytest
import requests

from mockservers.wsgi import ABORT, Served


def hello(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")])
    return [b"hello"]


def test_serves_on_loopback_and_frees_the_port_when_stopped():
    with Served(hello) as served:
        assert served.host == "127.0.0.1" and served.port > 0
        assert requests.get(served.url, timeout=2).text == "hello"
    with pytest.raises(requests.ConnectionError):
        requests.get(served.url, timeout=2)


def test_an_aborted_connection_ends_with_a_reset():
    def aborting(environ, start_response):
        environ[ABORT] = True
        environ["werkzeug.socket"].shutdown(socket.SHUT_RD)
        raise ConnectionResetError("on purpose")

    with Served(aborting) as served:
        sock = socket.create_connection(served.address, timeout=2)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        with pytest.raises(ConnectionResetError):
            sock.recv(100)
        sock.close()


def test_a_busy_port_raises_oserror_instead_of_exiting():
    taken = socket.create_server(("127.0.0.1", 0))
    try:
        with pytest.raises(OSError):
            Served(hello, port=taken.getsockname()[1])
    finally:
        taken.close()


def test_serves_on_the_port_asked_for():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    with Served(hello, port=port) as served:
        assert served.port == port
        assert requests.get(f"http://127.0.0.1:{port}/", timeout=2).text == "hello"
