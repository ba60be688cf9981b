"""Serve a WSGI app (a Flask app) on 127.0.0.1 in a daemon thread.

    with serve(app) as served:             # werkzeug's make_server("127.0.0.1", 0, app, threaded=True)
        requests.get(served.url + "/users/1", timeout=1)

This is how the mock APIs and exercise 9's Flask app run, and how a check serves a learner's
Flask app on a real loopback port to talk HTTP to it. Each connection is handled in a thread of its own (werkzeug
answers one request per connection and closes it). The handler:

- keeps quiet: no request log on stderr, where a learner would read it as their code's output
  (werkzeug's error reports, such as a traceback from a learner's app, still go there);
- sets TCP_NODELAY, so an answer's headers and its first bytes leave at once;
- can end a connection with an RST: a fault sets `environ[ABORT] = True` and raises
  ConnectionResetError (which werkzeug takes for a dropped connection and answers nothing
  more); once werkzeug is done with the request, the handler closes the socket with
  SO_LINGER 0 instead of a FIN.

`stop()` (or leaving the `with`) shuts the server down and closes its socket; werkzeug's
handler threads are daemons, and the mock APIs wake their stalled requests when told to stop.
"""

from __future__ import annotations

import socket
import threading

from werkzeug.serving import WSGIRequestHandler, make_server

from .sockets import abort

LOOPBACK = "127.0.0.1"
ABORT = "netlings.abort"  # environ key: end this connection with an RST
POLL_SECONDS = 0.02  # how often the serving thread looks at its stop flag (shutdown() waits for it)


class QuietHandler(WSGIRequestHandler):
    """werkzeug's handler without the request log, with TCP_NODELAY, and RST on request."""

    def setup(self) -> None:
        super().setup()
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def log(self, type: str, message: str, *args) -> None:
        if type != "info":  # request lines are "info"; errors still reach stderr
            super().log(type, message, *args)

    def finish(self) -> None:
        aborting = getattr(self, "environ", {}).get(ABORT, False)
        try:
            super().finish()
        finally:
            if aborting:
                abort(self.connection)  # the file objects are closed: this close is the real one


class OneRequestHandler(QuietHandler):
    """One request a connection (keep-alive off), and HTTP/1.1, so a body without a length is chunked."""

    protocol_version = "HTTP/1.1"

    def handle_one_request(self) -> None:
        super().handle_one_request()
        self.close_connection = True


class Served:
    """A WSGI app being served: `url` is `http://127.0.0.1:<port>`; `stop()` ends it."""

    def __init__(self, app, port: int = 0, handler: type[WSGIRequestHandler] = QuietHandler) -> None:
        if port:
            # Bind first ourselves: werkzeug answers a busy port by exiting the process.
            listener = socket.create_server((LOOPBACK, port))
            try:
                self._server = make_server(LOOPBACK, port, app, threaded=True, request_handler=handler, fd=listener.fileno())
            finally:
                listener.close()
        else:
            self._server = make_server(LOOPBACK, 0, app, threaded=True, request_handler=handler)
        self.host = LOOPBACK
        self.port: int = self._server.port
        self.url = f"http://{LOOPBACK}:{self.port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, name="served-app", daemon=True
        )
        self._thread.start()

    @property
    def address(self) -> tuple[str, int]:
        return (self.host, self.port)

    def stop(self) -> None:
        try:
            self._server.shutdown()
        finally:
            self._server.server_close()
            self._thread.join(2.0)

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def serve(app, port: int = 0, handler: type[WSGIRequestHandler] = QuietHandler) -> Served:
    return Served(app, port, handler)
