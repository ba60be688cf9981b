"""Serve a WSGI app (a Flask app, the kit's or a learner's) on 127.0.0.1 in a daemon thread.

    with WSGIServer(app) as server:
        requests.get(f"{server.url}/hello")

werkzeug's `make_server(host, 0, app, threaded=True)`: the system picks a free port, each
request gets a thread, and `stop()` (or leaving the `with`) shuts the server down and closes
its socket.
"""

from __future__ import annotations

import threading

from werkzeug.serving import WSGIRequestHandler, make_server

from .chunking import LOOPBACK


class QuietHandler(WSGIRequestHandler):
    """werkzeug's handler, without a log line on stderr for every request."""

    def log_request(self, *args, **kwargs) -> None:
        pass


class OneRequestHandler(QuietHandler):
    """One request a connection (keep-alive off): the server closes after each response."""

    protocol_version = "HTTP/1.1"  # so that werkzeug streams a body without a length as chunks

    def handle_one_request(self) -> None:
        super().handle_one_request()
        self.close_connection = True


class WSGIServer:
    def __init__(self, app, host: str = LOOPBACK, port: int = 0, handler=QuietHandler) -> None:
        self._server = make_server(host, port, app, threaded=True, request_handler=handler)
        self.address: tuple[str, int] = self._server.server_address[:2]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="wsgi-server", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self.address
        return f"http://{host}:{port}"

    def stop(self) -> None:
        try:
            self._server.shutdown()
        finally:
            self._server.server_close()
            self._thread.join(2)

    def __enter__(self) -> WSGIServer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()
