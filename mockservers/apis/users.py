"""The Users API of exercise 10, and resources in the shape of the public JSONPlaceholder.

The Users API (all of it needs `Authorization: Bearer <token>`):

    GET  /users/<id>                       200 the user; 404 {"error": ...}
    POST /users      {"name", "email"}     201 the user, Location: /users/<id>; 422 invalid
    GET  /users?q=&page=&per_page=         200 a JSON list (q matches name or email)

- No token, or a token it does not know: 401 with `WWW-Authenticate: Bearer`; a token without
  the scope the request needs (`users:read`, `users:write`): 403.
- Errors are JSON objects with an "error" field, as real APIs send them (also for an unknown
  route or method); a body that is not JSON: 415; invalid fields: 422 with "fields".

Its state (users and tokens) is the scope's (`UsersState`), so each check has its own.

Run on its own (`grade serve users`), the same API is at `/api` and the root serves
`/posts`, `/posts/<id>`, `/posts/<id>/comments`, `/comments?postId=`, `/users`, `/users/<id>`
and `/todos` in the shape of JSONPlaceholder (no token needed, writes answered but not kept,
as there), so the `requests` examples every tutorial starts with work offline. The data is
made up here, in that shape.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from flask import Blueprint, Flask, jsonify, request, url_for

from .scopes import SCOPE

READ, WRITE = "users:read", "users:write"
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MAX_PER_PAGE = 100


@dataclass
class UsersState:
    """A scope's users (id: {"id", "name", "email"}) and tokens (token: its scopes)."""

    users: dict[int, dict] = field(default_factory=dict)
    tokens: dict[str, frozenset[str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, name: str, email: str, user_id: int | None = None) -> dict:
        with self._lock:
            if user_id is None:
                user_id = max(self.users, default=0) + 1
            user = {"id": user_id, "name": name, "email": email}
            self.users[user_id] = user
            return user

    def allow(self, token: str, *scopes: str) -> str:
        self.tokens[token] = frozenset(scopes or (READ, WRITE))
        return token


def state() -> UsersState:
    return request.environ[SCOPE].state.setdefault("users", UsersState())


def error(status: int, message: str, **extra):
    response = jsonify({"error": message, **extra})
    response.status_code = status
    return response


def needs(scope_name: str):
    """None if the request's bearer token has `scope_name`; else the 401 or 403 to answer."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        response = error(401, "missing bearer token: send Authorization: Bearer <token>")
        response.headers["WWW-Authenticate"] = 'Bearer realm="users"'
        return response
    scopes = state().tokens.get(token.strip()) if scheme.lower() == "bearer" else None
    if scopes is None:
        response = error(401, "invalid token")
        response.headers["WWW-Authenticate"] = 'Bearer realm="users", error="invalid_token"'
        return response
    if scope_name not in scopes:
        verb = "create users" if scope_name == WRITE else "read users"
        return error(403, f"this token may not {verb} (it lacks the {scope_name} scope)")
    return None


api = Blueprint("users_api", __name__)


@api.get("/users/<int:user_id>")
def get_user(user_id: int):
    refused = needs(READ)
    if refused:
        return refused
    user = state().users.get(user_id)
    if user is None:
        return error(404, f"no user with id {user_id}")
    return jsonify(user)


@api.post("/users")
def create_user():
    refused = needs(WRITE)
    if refused:
        return refused
    if not request.is_json:
        return error(415, "send the user as JSON (Content-Type: application/json)")
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return error(400, "the body is not a JSON object")
    problems = {}
    name, email = data.get("name"), data.get("email")
    if not isinstance(name, str) or not name.strip():
        problems["name"] = "a non-empty string is required"
    if not isinstance(email, str) or not EMAIL.fullmatch(email):
        problems["email"] = "a valid email address is required"
    if problems:
        return error(422, "invalid user", fields=problems)
    user = state().add(name, email)
    response = jsonify(user)
    response.status_code = 201
    response.headers["Location"] = url_for(".get_user", user_id=user["id"])
    return response


@api.get("/users")
def search_users():
    refused = needs(READ)
    if refused:
        return refused
    query = request.args.get("q", "")
    page, per_page = request.args.get("page", "1"), request.args.get("per_page", "20")
    if not (page.isdigit() and int(page) >= 1):
        return error(422, "page must be a whole number from 1")
    if not (per_page.isdigit() and 1 <= int(per_page) <= MAX_PER_PAGE):
        return error(422, f"per_page must be a whole number from 1 to {MAX_PER_PAGE}")
    found = [u for u in sorted(state().users.values(), key=lambda u: u["id"])
             if query.lower() in u["name"].lower() or query.lower() in u["email"].lower()]
    start = (int(page) - 1) * int(per_page)
    return jsonify(found[start : start + int(per_page)])


def create_app() -> Flask:
    """The Users API at the root of a scope (how the checks serve it)."""
    app = Flask("netlings-users")
    app.register_blueprint(api)
    json_errors(app)
    return app


def json_errors(app: Flask) -> None:
    """Unknown routes and methods answer JSON, like the rest of the API."""

    @app.errorhandler(404)
    def not_found(exc):
        return error(404, f"nothing is served at {request.path}")

    @app.errorhandler(405)
    def not_allowed(exc):
        return error(405, f"{request.method} is not allowed on {request.path}")


# Run on its own: JSONPlaceholder at the root, the Users API at /api ------------------------

FIRST = ["Ada", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Radia", "Guido", "Frances"]
LAST = ["Lovett", "Hopper", "Torvik", "Hamilton", "Richey", "Liskov", "Thompsen", "Perlman", "Rossum", "Allen"]
CITIES = ["Gwenborough", "Wisokyburgh", "McKenziehaven", "South Elvis", "Roscoeview",
          "South Christy", "Howemouth", "Aliyaview", "Bartholomebury", "Lebsackbury"]
WORDS = ("sunt aut facere repellat provident occaecati excepturi optio reprehenderit qui est esse "
         "ea molestias quasi exercitationem repellat qui ipsa sit aut eum et est occaecati nesciunt "
         "quas odio dolorem dolore est ipsam magnam facilis autem").split()

TOKENS = {"netlings-token": (READ, WRITE), "netlings-read-only": (READ,)}


def _words(seed: int, count: int) -> str:
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(count))


def placeholder_data() -> dict[str, list[dict]]:
    """Ten users, 100 posts (ten each), 500 comments (five a post), 200 todos."""
    users = []
    for i in range(10):
        first, last = FIRST[i], LAST[i]
        username = f"{first[0]}{last}".lower()
        users.append({
            "id": i + 1,
            "name": f"{first} {last}",
            "username": username,
            "email": f"{first.lower()}@{last.lower()}.example",
            "address": {
                "street": f"{_words(i, 1).title()} Street",
                "suite": f"Apt. {100 + 37 * i}",
                "city": CITIES[i],
                "zipcode": f"{10000 + 1234 * i:05d}",
                "geo": {"lat": f"{-37.3 + 9.1 * i:.4f}", "lng": f"{81.1 - 17.3 * i:.4f}"},
            },
            "phone": f"1-770-736-{8031 + i:04d}",
            "website": f"{last.lower()}.example",
            "company": {"name": f"{last}-{FIRST[(i + 3) % 10]}", "catchPhrase": _words(i + 1, 4).capitalize(),
                        "bs": _words(i + 2, 3)},
        })
    posts = [{"userId": p // 10 + 1, "id": p + 1, "title": _words(p, 5), "body": _words(p + 1, 16)} for p in range(100)]
    comments = [
        {"postId": c // 5 + 1, "id": c + 1, "name": _words(c, 4),
         "email": f"{FIRST[c % 10].lower()}.{c + 1}@mail.example", "body": _words(c + 2, 12)}
        for c in range(500)
    ]
    todos = [{"userId": t // 20 + 1, "id": t + 1, "title": _words(t, 4), "completed": t % 3 == 0} for t in range(200)]
    return {"users": users, "posts": posts, "comments": comments, "todos": todos}


placeholder = Blueprint("placeholder", __name__)
DATA = placeholder_data()
NEXT_ID = {name: len(items) + 1 for name, items in DATA.items()}


def _filtered(items: list[dict]) -> list[dict]:
    """JSONPlaceholder's filtering: ?userId=1&postId=2 keeps the items whose fields match."""
    found = items
    for key, value in request.args.items():
        found = [item for item in found if str(item.get(key)) == value]
    return found


@placeholder.get("/<any(posts, comments, users, todos):kind>")
def list_items(kind: str):
    return jsonify(_filtered(DATA[kind]))


@placeholder.get("/<any(posts, comments, users, todos):kind>/<int:item_id>")
def get_item(kind: str, item_id: int):
    found = [item for item in DATA[kind] if item["id"] == item_id]
    return jsonify(found[0]) if found else (jsonify({}), 404)


@placeholder.get("/posts/<int:post_id>/comments")
def comments_of(post_id: int):
    return jsonify([c for c in DATA["comments"] if c["postId"] == post_id])


@placeholder.get("/users/<int:user_id>/<any(posts, todos):kind>")
def items_of_user(user_id: int, kind: str):
    return jsonify([item for item in DATA[kind] if item["userId"] == user_id])


@placeholder.post("/<any(posts, comments, users, todos):kind>")
def create_item(kind: str):
    data = request.get_json(silent=True)
    created = {**(data if isinstance(data, dict) else {}), "id": NEXT_ID[kind]}  # not kept, as there
    return jsonify(created), 201


@placeholder.route("/<any(posts, comments, users, todos):kind>/<int:item_id>", methods=["PUT", "PATCH"])
def change_item(kind: str, item_id: int):
    found = [item for item in DATA[kind] if item["id"] == item_id]
    if not found and request.method == "PATCH":
        return jsonify({}), 404
    data = request.get_json(silent=True)
    data = data if isinstance(data, dict) else {}
    changed = {**found[0], **data} if request.method == "PATCH" else {**data}
    changed["id"] = item_id
    return jsonify(changed)


@placeholder.delete("/<any(posts, comments, users, todos):kind>/<int:item_id>")
def delete_item(kind: str, item_id: int):
    return jsonify({})


def standalone_state() -> UsersState:
    """The Users API's state when run on its own: the JSONPlaceholder users, and two tokens."""
    users = UsersState()
    for user in DATA["users"]:
        users.add(user["name"], user["email"], user["id"])
    for token, scopes in TOKENS.items():
        users.allow(token, *scopes)
    return users


def create_standalone_app() -> Flask:
    """JSONPlaceholder's resources at the root and the Users API at /api (for `grade serve users`)."""
    app = Flask("netlings-users-standalone")
    app.register_blueprint(placeholder)
    app.register_blueprint(api, url_prefix="/api")
    json_errors(app)
    return app
