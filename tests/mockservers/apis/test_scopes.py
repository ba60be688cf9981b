"""One server, many scopes: each check's requests, state and journal are its own."""

import requests

from mockservers.apis.faults import Reply, create_echo_app
from mockservers.apis.scopes import MockAPIServer, ScopeFailed


def test_scopes_keep_their_requests_apart_and_strays_go_to_the_server():
    with MockAPIServer() as server:
        echo = create_echo_app()
        one, two = server.open_scope(echo), server.open_scope(echo)
        one.schedule.add(Reply(503))
        assert requests.get(two.url_of("/x"), timeout=2).status_code == 200
        assert requests.get(one.url_of("/x"), timeout=2).status_code == 503
        assert one.url != two.url and one.url.startswith(server.url + "/c/")
        assert [e.path for e in one.journal.entries] == [one.prefix + "/x"]
        assert [e.path for e in two.journal.entries] == [two.prefix + "/x"]
        stray = requests.get(server.url + "/users/7", timeout=2)
        assert stray.status_code == 404 and "error" in stray.json()
        assert [e.path for e in server.strays.entries] == ["/users/7"]
        server.close_scope(one)
        assert requests.get(one.url_of("/x"), timeout=2).status_code == 404  # gone: a stray now


def test_the_app_sees_the_prefix_as_its_mount_point():
    seen = {}

    def app(environ, start_response):
        seen.update(script=environ["SCRIPT_NAME"], path=environ["PATH_INFO"])
        start_response("200 OK", [("Content-Length", "0")])
        return [b""]

    with MockAPIServer() as server:
        scope = server.open_scope(app)
        requests.get(scope.url_of("/users/7"), timeout=2)
        assert seen == {"script": scope.prefix, "path": "/users/7"}


def test_a_failing_app_answers_500_and_fails_the_scope():
    def broken(environ, start_response):
        raise KeyError("a bug of the kit's")

    with MockAPIServer() as server:
        scope = server.open_scope(broken)
        assert requests.get(scope.url_of("/x"), timeout=2).status_code == 500
        try:
            scope.check_health()
        except ScopeFailed as exc:
            assert "KeyError" in str(exc)
        else:
            raise AssertionError("check_health() did not raise")


def test_a_root_scope_serves_every_path():
    with MockAPIServer() as server:
        scope = server.open_scope(create_echo_app(), prefix="")
        assert scope.url == server.url
        assert requests.get(server.url + "/anything", timeout=2).json()["path"] == "/anything"
