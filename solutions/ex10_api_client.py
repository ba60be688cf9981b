"""Exercise 10 · A careful JSON API client

`requests.get(url).json()` is how every tutorial starts, and how a client breaks the first
time a real API misbehaves: it waits forever on a server that stalls (requests has no timeout
unless you give one), and it believes whatever comes back, a proxy's HTML page with status
200, JSON under `text/plain`, `"id": "7"` or `"id": true` where an int belongs. A careful
client bounds every wait, checks every answer before it trusts it, and turns every failure
into one exception the caller can act on, without leaking the credentials it carries.

The Users API (every request needs `Authorization: Bearer <token>`):

    GET  {base_url}/users/<id>                      200 and the user
    POST {base_url}/users   {"name": ..., "email": ...}   201 and the new user
    GET  {base_url}/users?q=<text>&page=<n>&per_page=<n>   200 and a JSON list of users

A user is `{"id": 7, "name": "Ann", "email": "ann@example.com"}` (other fields may come too).

Write:

- `make_session(token=None)`: a `requests.Session` that sends `Authorization: Bearer <token>`
  and `Accept: application/json` on every request. The token is the argument, or else the
  `API_TOKEN` environment variable (`TOKEN_ENV`); an empty string counts as no token, and no
  token at all raises `ConfigError`.
- `get_user(session, base_url, user_id, timeout=5.0) -> User`
- `create_user(session, base_url, name, email, timeout=5.0) -> User` (the body is JSON:
  `json={"name": name, "email": email}`)
- `search_users(session, base_url, query, page=1, per_page=20, timeout=5.0) -> list[User]`
  (`q`, `page` and `per_page` in the query string, encoded: a query may hold `&` or spaces)

`base_url` may hold a path, such as `http://127.0.0.1:5000/api/v1` (the checks give one like
that, without a trailing slash): add to it, `f"{base_url}/users/{user_id}"`; note that
`urljoin(base_url, "/users/7")` would throw its path away.

Rules for every request:

- It carries the timeout (`timeout=timeout`), for the connect and for each wait for data.
- Only a right answer is trusted: its status is right (200 for reads, 201 for `create_user`),
  its `Content-Type` is JSON (`application/json` or `application/<something>+json`,
  parameters such as `; charset=utf-8` allowed), and its body holds every field with the right
  type (`id` an int, and not a bool: `isinstance(True, int)` is True; `name` and `email`
  strings). Anything else raises `BadResponseError` with a message naming what was wrong (the
  status, the content type, the field).
- Errors are raised as the given exceptions, built as `APIError(message, status=None, url="")`,
  with `.status` the HTTP status (None when there was no answer) and `.url` the URL requested,
  query included:
  - 401 and 403: `AuthError`; 404: `NotFoundError`; other 4xx: `ClientError`; 5xx: `ServerError`;
  - a connect or read timeout, also one while the body arrives: `APITimeoutError`. Careful:
    requests' `ConnectTimeout` is a subclass of `ConnectionError` as well as of `Timeout`, and
    a timeout in the middle of the body reaches you as a `requests.ConnectionError` whose
    cause is urllib3's `ReadTimeoutError`;
  - no connection (refused, dropped, reset before the answer): `APIConnectionError`.
- No exception message contains the token (nor do the headers that carry it).

Unspecified: a body cut off before its Content-Length (`APIConnectionError` or
`BadResponseError`), and tokens holding whitespace (which may be refused with `ConfigError`).

Example, against `grade serve users` (token `netlings-token`, base URL `http://127.0.0.1:PORT/api`):

    >>> session = make_session("netlings-token")
    >>> get_user(session, base_url, 1)
    User(id=1, name='Ada Lovett', email='ada@lovett.example')
    >>> get_user(session, base_url, 99)
    Traceback (most recent call last):
      ...
    NotFoundError: GET http://127.0.0.1:PORT/api/users/99 answered 404 Not Found: no user with id 99

Check your work with `grade exercise-10`; stuck? `grade hint exercise-10`.
"""

import os
from dataclasses import dataclass

import requests

TOKEN_ENV = "API_TOKEN"


@dataclass(frozen=True)
class User:
    id: int
    name: str
    email: str


class ConfigError(Exception):
    """The client is not configured: no API token."""


class APIError(Exception):
    """A request to the API failed; `.status` is the HTTP status (or None), `.url` the URL requested."""

    def __init__(self, message: str, status: int | None = None, url: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.url = url


class AuthError(APIError):
    """401 or 403: no valid token, or a token without the right to do this."""


class NotFoundError(APIError):
    """404."""


class ClientError(APIError):
    """Another 4xx: the request was wrong."""


class ServerError(APIError):
    """5xx: the server failed."""


class APITimeoutError(APIError):
    """The connect, or a wait for data (also in the middle of the body), took longer than the timeout."""


class APIConnectionError(APIError):
    """No connection, or it broke before the answer."""


class BadResponseError(APIError):
    """An answer that cannot be trusted: wrong status, content type or body."""


def make_session(token: str | None = None) -> requests.Session:
    """A session that sends the bearer token and asks for JSON."""
    token = token or os.environ.get(TOKEN_ENV) or ""
    if not token:
        raise ConfigError(f"no API token: pass one to make_session() or set {TOKEN_ENV}")
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    session.headers["Accept"] = "application/json"
    return session


def get_user(session: requests.Session, base_url: str, user_id: int, timeout: float = 5.0) -> User:
    """GET /users/<id>: the user."""
    url = f"{base_url.rstrip('/')}/users/{user_id}"
    data = _json_answer(_send(session, "GET", url, timeout), url, expected=200)
    return _user(data, url, "the body")


def create_user(session: requests.Session, base_url: str, name: str, email: str, timeout: float = 5.0) -> User:
    """POST /users: the user the server created."""
    url = f"{base_url.rstrip('/')}/users"
    response = _send(session, "POST", url, timeout, json={"name": name, "email": email})
    return _user(_json_answer(response, url, expected=201), url, "the body")


def search_users(session: requests.Session, base_url: str, query: str, page: int = 1, per_page: int = 20,
                 timeout: float = 5.0) -> list[User]:
    """GET /users?q=&page=&per_page=: one page of the users that match."""
    prepared = requests.Request("GET", f"{base_url.rstrip('/')}/users",
                                params={"q": query, "page": page, "per_page": per_page}).prepare()
    url = prepared.url
    data = _json_answer(_send(session, "GET", url, timeout), url, expected=200)
    if not isinstance(data, list):
        raise BadResponseError(f"GET {url}: the body is {_kind(data)}, not a JSON list of users", url=url)
    return [_user(item, url, f"item {index} of the list") for index, item in enumerate(data)]


def _send(session: requests.Session, method: str, url: str, timeout: float, **kwargs) -> requests.Response:
    """Make the request; turn what requests raises into the exercise's exceptions."""
    try:
        return session.request(method, url, timeout=timeout, **kwargs)
    except requests.Timeout as exc:  # before ConnectionError: ConnectTimeout is both
        raise APITimeoutError(f"{method} {url}: no answer within {timeout:g} s", url=url) from exc
    except requests.RequestException as exc:
        if _timed_out(exc):
            raise APITimeoutError(f"{method} {url}: the body stopped arriving for {timeout:g} s", url=url) from exc
        raise APIConnectionError(f"{method} {url}: the connection failed ({type(exc).__name__})", url=url) from exc


def _timed_out(exc: BaseException) -> bool:
    """Whether a timeout is behind `exc` (requests wraps a read timeout in the body as ConnectionError)."""
    seen = set()
    pending = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, TimeoutError) or type(current).__name__ in ("ReadTimeoutError", "ConnectTimeoutError"):
            return True
        pending += [c for c in (current.__cause__, current.__context__) if c is not None]
        pending += [a for a in getattr(current, "args", ()) if isinstance(a, BaseException)]
    return False


ERRORS = {401: AuthError, 403: AuthError, 404: NotFoundError}


def _json_answer(response: requests.Response, url: str, expected: int):
    """The JSON body of a right answer; the exercise's exception for any other."""
    method, status = response.request.method, response.status_code
    if status != expected:
        detail = _error_detail(response)
        message = f"{method} {url} answered {status} {response.reason}{detail}"
        if 400 <= status < 500:
            raise ERRORS.get(status, ClientError)(message, status=status, url=url)
        if 500 <= status < 600:
            raise ServerError(message, status=status, url=url)
        raise BadResponseError(f"{message}, not {expected}", status=status, url=url)
    content_type = response.headers.get("Content-Type", "")
    if not _is_json(content_type):
        shown = repr(content_type) if content_type else "no Content-Type"
        raise BadResponseError(f"{method} {url}: the answer's content type is {shown}, not JSON", status=status, url=url)
    try:
        return response.json()
    except ValueError:
        raise BadResponseError(f"{method} {url}: the body is not valid JSON", status=status, url=url) from None


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    kind, _, subtype = media.partition("/")
    return kind == "application" and (subtype == "json" or subtype.endswith("+json"))


def _error_detail(response: requests.Response) -> str:
    """`: no user with id 7` from an error body `{"error": "no user with id 7"}`, else ''."""
    try:
        data = response.json()
    except ValueError:
        return ""
    message = data.get("error") if isinstance(data, dict) else None
    return f": {message}" if isinstance(message, str) else ""


FIELDS = {"id": int, "name": str, "email": str}


def _user(data, url: str, where: str) -> User:
    if not isinstance(data, dict):
        raise BadResponseError(f"{url}: {where} is {_kind(data)}, not a JSON object", url=url)
    for name, kind in FIELDS.items():
        if name not in data:
            raise BadResponseError(f"{url}: {where} has no {name!r} field", url=url)
        value = data[name]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise BadResponseError(f"{url}: the {name!r} field of {where} is {_kind(value)}, not {kind.__name__}", url=url)
    return User(data["id"], data["name"], data["email"])


def _kind(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "an int",
            float: "a float", type(None): "null"}.get(type(value), type(value).__name__)
