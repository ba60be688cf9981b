"""A small, well-behaved Flask app for the checks of a hand-written HTTP client (exercise 9).

The raw HTTP server covers what a framework would never send; this app is the other half: a
real server, so that a client that passes against scripted bytes also works against the
real thing. werkzeug answers HEAD itself (the headers of the GET, no body) and streams a
generator's chunks with `Transfer-Encoding: chunked`. Serve it with
`wsgi.serve(create_app(), handler=OneRequestHandler)`: one request a connection.

- `GET /hello`: `hello, world` as text, with a Content-Length.
- `GET /echo?...`: JSON of what arrived: method, path, query string and headers.
- `GET /stream`: a body in several chunks (no Content-Length, so werkzeug chunks it).
- `GET /status/<code>`: an empty response with that status (204, 304, 404, ...).
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, request

STREAMED = [b"first chunk, ", b"second chunk, ", b"and the last one"]


def create_app() -> Flask:
    app = Flask("netlings-httpapp")

    @app.get("/hello")
    def hello():
        return Response(b"hello, world", mimetype="text/plain")

    @app.get("/echo")
    def echo():
        return jsonify(
            method=request.method,
            path=request.path,
            query=request.query_string.decode("latin-1"),
            headers={name.lower(): value for name, value in request.headers.items()},
        )

    @app.get("/stream")
    def stream():
        return Response((chunk for chunk in STREAMED), mimetype="application/octet-stream")

    @app.get("/status/<int:code>")
    def status(code: int):
        return Response(b"", status=code)

    return app
