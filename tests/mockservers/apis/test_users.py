"""The Users API: auth, realistic errors, create and search; and JSONPlaceholder's shapes run on its own."""

import pytest
import requests

from mockservers.apis.scopes import MockAPIServer
from mockservers.apis.users import READ, UsersState, create_app, create_standalone_app, standalone_state


@pytest.fixture(scope="module")
def api():
    with MockAPIServer() as server:
        scope = server.open_scope(create_app())
        users = scope.state["users"] = UsersState()
        users.add("Ann", "ann@example.com", 7)
        users.allow("rw")
        users.allow("ro", READ)
        yield scope


def get(api, path, token="rw", **kwargs):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.get(api.url_of(path), headers=headers, timeout=2, **kwargs)


def test_get_user(api):
    assert get(api, "/users/7").json() == {"id": 7, "name": "Ann", "email": "ann@example.com"}
    missing = get(api, "/users/99")
    assert missing.status_code == 404 and missing.json() == {"error": "no user with id 99"}


def test_401_without_or_with_an_unknown_token(api):
    for token in (None, "nope"):
        refused = get(api, "/users/7", token=token)
        assert refused.status_code == 401 and "error" in refused.json()
        assert refused.headers["WWW-Authenticate"].startswith("Bearer")


def test_create_needs_the_write_scope_and_valid_json(api):
    url = api.url_of("/users")
    forbidden = requests.post(url, json={"name": "Bo", "email": "bo@x.org"}, headers={"Authorization": "Bearer ro"}, timeout=2)
    assert forbidden.status_code == 403
    created = requests.post(url, json={"name": "Bo", "email": "bo@x.org"}, headers={"Authorization": "Bearer rw"}, timeout=2)
    assert created.status_code == 201 and created.json()["name"] == "Bo"
    assert created.headers["Location"] == f"{api.prefix}/users/{created.json()['id']}"
    invalid = requests.post(url, json={"name": "", "email": "nope"}, headers={"Authorization": "Bearer rw"}, timeout=2)
    assert invalid.status_code == 422 and set(invalid.json()["fields"]) == {"name", "email"}
    not_json = requests.post(url, data="name=Bo", headers={"Authorization": "Bearer rw"}, timeout=2)
    assert not_json.status_code == 415


def test_search(api):
    found = get(api, "/users", params={"q": "ANN", "page": 1, "per_page": 5})
    assert [u["id"] for u in found.json()] == [7]
    assert get(api, "/users", params={"q": "ann", "page": 2}).json() == []
    assert get(api, "/users", params={"per_page": 500}).status_code == 422


def test_unknown_routes_answer_json(api):
    unknown = get(api, "/nothing")
    assert unknown.status_code == 404 and "error" in unknown.json()


def test_standalone_serves_jsonplaceholder_shapes_and_the_users_api_at_api():
    with MockAPIServer() as server:
        scope = server.open_scope(create_standalone_app(), prefix="")
        scope.state["users"] = standalone_state()
        base = server.url
        posts = requests.get(f"{base}/posts", timeout=2).json()
        assert len(posts) == 100 and set(posts[0]) == {"userId", "id", "title", "body"}
        assert requests.get(f"{base}/posts/1", timeout=2).json()["id"] == 1
        assert len(requests.get(f"{base}/posts/1/comments", timeout=2).json()) == 5
        assert len(requests.get(f"{base}/comments", params={"postId": 1}, timeout=2).json()) == 5
        users = requests.get(f"{base}/users", timeout=2).json()
        assert len(users) == 10 and {"id", "name", "username", "email", "address", "company"} <= set(users[0])
        created = requests.post(f"{base}/posts", json={"title": "t", "body": "b", "userId": 1}, timeout=2)
        assert created.status_code == 201 and created.json()["id"] == 101
        assert requests.get(f"{base}/posts/101", timeout=2).status_code == 404  # writes are not kept, as there
        me = requests.get(f"{base}/api/users/1", headers={"Authorization": "Bearer netlings-token"}, timeout=2)
        assert me.json() == {"id": 1, "name": users[0]["name"], "email": users[0]["email"]}
        assert requests.get(f"{base}/api/users/1", timeout=2).status_code == 401
