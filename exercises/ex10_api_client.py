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
    raise NotImplementedError('make_session() is not written yet: write it in exercises/ex10_api_client.py')


def get_user(session: requests.Session, base_url: str, user_id: int, timeout: float = 5.0) -> User:
    """GET /users/<id>: the user."""
    raise NotImplementedError('get_user() is not written yet: write it in exercises/ex10_api_client.py')


def create_user(session: requests.Session, base_url: str, name: str, email: str, timeout: float = 5.0) -> User:
    """POST /users: the user the server created."""
    raise NotImplementedError('create_user() is not written yet: write it in exercises/ex10_api_client.py')


def search_users(session: requests.Session, base_url: str, query: str, page: int = 1, per_page: int = 20,
                 timeout: float = 5.0) -> list[User]:
    """GET /users?q=&page=&per_page=: one page of the users that match."""
    raise NotImplementedError('search_users() is not written yet: write it in exercises/ex10_api_client.py')


ERRORS = {401: AuthError, 403: AuthError, 404: NotFoundError}


FIELDS = {"id": int, "name": str, "email": str}
