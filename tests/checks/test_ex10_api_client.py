"""Checks for exercise-10 · A careful JSON API client (ex10_api_client).

Learner code talks HTTP to the kit's Users API (mockservers/apis/users.py), one server for the
run, each check in a scope of its own whose URL is the base URL: `http://127.0.0.1:PORT/c/N`,
a base URL with a path, as real APIs have. Faults come from the scope's schedule (a stall, a
dropped connection, an HTML page with 200), and below HTTP they are done by the server on its
real socket. The checks judge what reached the server (its journal), what came back and what
was raised. The sessions handed to get_user and the others are the kit's, already carrying
the token, so those checks do not depend on make_session.
"""

from urllib.parse import parse_qs

import requests

from grader.harness.apis import kit_session, same_url, timed
from grader.harness.learners import is_instance
from grader.harness.checking import call, exactly
from grader.harness.show import show
from mockservers.apis.faults import (
    Drop, Reply, Reset, Stall, StallBody, empty_body, html_page, json_as, service_unavailable, truncated_json,
)
from mockservers.apis.users import READ, WRITE

TOKEN = "tok_9f3a1c77e2_netlings"  # distinctive: it is looked for in every error message
TOKEN_ENV = "API_TOKEN"  # fixed by the contract
ANN = {"id": 7, "name": "Ann Example", "email": "ann@example.com"}
BOB = {"id": 8, "name": "Bob Sample", "email": "bob@example.org"}
TIMEOUT = 0.3  # what the checks pass as timeout=
STALL = 1.0  # how long a stalled server waits: well past TIMEOUT, well within the check's limit
GAVE_UP_BY = 0.85  # seconds: giving up later than this is not "close to the timeout"

TIMEOUT_HINT = (
    "pass timeout=timeout to every request (session.get(url, timeout=timeout)): without it requests "
    "waits as long as the server likes; with it, it raises requests.Timeout"
)
BODY_TIMEOUT_HINT = (
    "a timeout while the body arrives does not come as requests.Timeout: requests raises "
    "requests.ConnectionError whose cause (exc.__context__, or exc.args[0]) is urllib3's ReadTimeoutError; "
    "raise APITimeoutError for it, not APIConnectionError"
)
CONNECT_TIMEOUT_HINT = (
    "requests.ConnectTimeout is a subclass of requests.ConnectionError as well as of requests.Timeout: catch "
    "requests.Timeout first, or a connect timeout becomes an APIConnectionError"
)
TRUST_HINT = (
    "check the answer before calling .json(): the status first (200 for reads, 201 for create_user), then "
    "the Content-Type (application/json or application/...+json, parameters allowed), then the body; "
    "raise BadResponseError for anything else"
)
FIELDS_HINT = (
    "check each field: id must be an int but not a bool (isinstance(True, int) is True, so test bool "
    "first), name and email str; a missing field, '7', 7.0 or true is a bad response"
)
STATUS_HINT = (
    "map the status to the exception: 401 and 403 AuthError, 404 NotFoundError, other 4xx ClientError, "
    "5xx ServerError; build it as ErrorClass(message, status=response.status_code, url=url)"
)
BASE_URL_HINT = (
    "add to base_url, f'{base_url}/users/{user_id}': the base URL has a path, and urljoin(base_url, "
    "'/users/7') throws it away"
)


def users_api(api, *others, tokens=None):
    """A scope of the Users API holding Ann (id 7), Bob (id 8) and `others`, allowing TOKEN."""
    users = {u["id"]: (u["name"], u["email"]) for u in (ANN, BOB, *others)}
    return api.users(users, tokens=tokens if tokens is not None else {TOKEN: (READ, WRITE)})


def user_of(impl, data):
    return impl.User(data["id"], data["name"], data["email"])


def expect_error(check, impl, name: str, the_call, *, status, url: str, hint: str, expected: str = ""):
    """The call raises impl.<name>, whose .status and .url are as given; return the exception."""
    error = check.raises(getattr(impl, name), the_call, hint=hint, expected=expected)
    got_status = getattr(error, "status", "(no .status)")
    check.expect(
        exactly(got_status, status),
        got=f"it raised {name} with .status {check.shown_with_type(got_status, status)}",
        expected=f".status {show(status)}" + (" (there was no answer)" if status is None else ""),
        hint=f"build it as {name}(message, status=..., url=url): .status is the HTTP status, None when no answer came",
    )
    got_url = getattr(error, "url", "(no .url)")
    check.expect(
        same_url(got_url, url),
        got=f"it raised {name} with .url {show(got_url)}",
        expected=f".url {show(url)}, the URL requested (query included)",
        hint=f"pass the URL you requested: {name}(message, status=..., url=url)",
    )
    return error


def expect_gives_up(check, impl, the_call, *, error: str, url: str, hint: str, waited: str = "stalled"):
    """The call raises impl.<error> (a timeout) soon after TIMEOUT, long before the server would answer."""
    error_class = getattr(impl, error)
    seconds, _ = timed(lambda: expect_error(
        check, impl, error, the_call, status=None, url=url, hint=hint,
        expected=f"{error} after about {TIMEOUT:g} s (the timeout), while the server {waited}",
    ))
    check.expect(
        seconds < GAVE_UP_BY,
        got=f"{the_call} raised {error_class.__name__} only after {seconds:.2f} s",
        expected=f"it after about {TIMEOUT:g} s, the timeout it was given",
        hint=hint,
    )


# make_session -------------------------------------------------------------------------------


def sent_by(check, scope, session, what: str):
    """The request that `session` sends when the check uses it, as the server received it."""
    url = scope.url_of("/users/7")
    check.expect(
        is_instance(session, "requests", "Session"),
        got=f"{what} returned {show(session)}",
        expected="a requests.Session",
        hint="create it with requests.Session() and set its headers",
    )
    try:
        session.get(url, timeout=2)
    except requests.RequestException:
        pass  # what reached the server is what counts
    entries = scope.journal.entries
    check.expect(bool(entries), got="the session sent nothing to the server", expected="a request", hint="")
    return entries[-1]


def test_make_session_sends_the_token_and_accepts_json(impl, check, api):
    """make_session gives a session that sends 'Authorization: Bearer <token>' and 'Accept: application/json'"""
    scope = users_api(api)
    session = check.run(call(impl.make_session, TOKEN), expected="a requests.Session", hint="")
    entry = sent_by(check, scope, session, f"make_session({TOKEN!r})")
    authorization = entry.header("Authorization")
    check.expect(
        authorization == f"Bearer {TOKEN}",
        got=f"a request made with the session carried Authorization: {show(authorization)}",
        expected=show(f"Bearer {TOKEN}"),
        hint="set session.headers['Authorization'] = f'Bearer {token}' (one space, the word Bearer, the token as given)",
    )
    accept = entry.header("Accept") or ""
    check.expect(
        "application/json" in accept,
        got=f"a request made with the session carried Accept: {show(accept or None)}",
        expected="Accept: application/json",
        hint="set session.headers['Accept'] = 'application/json': it tells the API which format to answer in",
    )


def test_make_session_reads_the_token_from_the_environment(impl, check, api, learner_environ):
    """make_session() takes the token from API_TOKEN when none is given, and prefers the one given"""
    scope = users_api(api, tokens={"from-the-env": (READ,), TOKEN: (READ,)})
    learner_environ.setenv(TOKEN_ENV, "from-the-env")
    hint = "token = token or os.environ.get(TOKEN_ENV): the argument first, then the environment variable"
    for given, expected in ((None, "from-the-env"), (TOKEN, TOKEN)):
        args = () if given is None else (given,)
        the_call = call(impl.make_session, *args)
        session = check.run(the_call, expected="a requests.Session", hint=hint)
        entry = sent_by(check, scope, session, f"{the_call} with API_TOKEN='from-the-env'")
        check.expect(
            entry.header("Authorization") == f"Bearer {expected}",
            got=f"with API_TOKEN='from-the-env', {the_call} gave a session that sent Authorization: "
            f"{show(entry.header('Authorization'))}",
            expected=show(f"Bearer {expected}"),
            hint=hint,
        )


def test_make_session_without_a_token_raises_config_error(impl, check, learner_environ):
    """make_session raises ConfigError without a token (an empty string counts as none)"""
    learner_environ.delenv(TOKEN_ENV)
    hint = (
        "without a token the client cannot work: raise ConfigError when neither the argument nor API_TOKEN "
        "holds one; `if not token:` also catches the empty string"
    )
    check.raises(impl.ConfigError, call(impl.make_session), hint=hint, expected="ConfigError (API_TOKEN is not set)")
    check.raises(impl.ConfigError, call(impl.make_session, ""), hint=hint, expected="ConfigError (an empty token is no token)")
    learner_environ.setenv(TOKEN_ENV, "")
    check.raises(impl.ConfigError, call(impl.make_session), hint=hint, expected="ConfigError (API_TOKEN is empty)")


# get_user -----------------------------------------------------------------------------------


def test_get_user_returns_the_user(impl, check, api):
    """get_user returns the User, from GET <base_url>/users/<id>"""
    scope = users_api(api)
    check.returns(user_of(impl, ANN), call(impl.get_user, kit_session(TOKEN), scope.url, 7, timeout=TIMEOUT),
                  hint=BASE_URL_HINT)
    gets = scope.journal.matching("GET", scope.prefix + "/users/7")
    check.expect(len(gets) == 1, got=f"the server received {len(gets)} GET {scope.prefix}/users/7",
                 expected="one", hint=BASE_URL_HINT)


def test_get_user_accepts_every_json_content_type(impl, check, api):
    """get_user accepts 'application/json; charset=utf-8', 'application/...+json' and extra fields"""
    scope = users_api(api)
    extra = {**ANN, "role": "admin", "tags": ["a"]}
    scope.schedule.add(json_as("application/json; charset=utf-8", extra), json_as("application/vnd.users+json", ANN))
    hint = (
        "a JSON content type is application/json or application/<something>+json, with parameters after "
        "';' (charset=utf-8) allowed: compare the media type before the ';', and ignore fields you do not need"
    )
    for _ in range(2):
        check.returns(user_of(impl, ANN), call(impl.get_user, kit_session(TOKEN), scope.url, 7, timeout=TIMEOUT),
                      hint=hint)


def test_get_user_gives_up_on_a_stalled_server(impl, check, api):
    """get_user raises APITimeoutError soon after its timeout when the server stalls"""
    scope = users_api(api)
    scope.schedule.add(Stall(STALL))
    expect_gives_up(check, impl, call(impl.get_user, kit_session(TOKEN), scope.url, 7, timeout=TIMEOUT),
                    error="APITimeoutError", url=scope.url_of("/users/7"), hint=TIMEOUT_HINT)


def test_get_user_gives_up_when_the_body_stalls(impl, check, api):
    """get_user raises APITimeoutError when the body stops arriving"""
    scope = users_api(api)
    scope.schedule.add(StallBody(Reply(200, ANN), keep=12, seconds=STALL))
    expect_gives_up(check, impl, call(impl.get_user, kit_session(TOKEN), scope.url, 7, timeout=TIMEOUT),
                    error="APITimeoutError", url=scope.url_of("/users/7"), hint=BODY_TIMEOUT_HINT,
                    waited="sent 12 bytes of the body and stalled")


def test_get_user_gives_up_on_a_connect_that_never_completes(impl, check, api):
    """get_user raises APITimeoutError (not APIConnectionError) on a connect timeout"""
    base_url = api.black_hole() + "/api"
    check.setup.append("the server's queue of connections is full: a connect to it never completes")
    expect_gives_up(check, impl, call(impl.get_user, kit_session(TOKEN), base_url, 7, timeout=TIMEOUT),
                    error="APITimeoutError", url=base_url + "/users/7", hint=CONNECT_TIMEOUT_HINT,
                    waited="never accepted the connection")


def test_get_user_reports_no_connection(impl, check, api):
    """get_user raises APIConnectionError when nothing listens, or the connection drops or resets"""
    hint = (
        "catch requests.ConnectionError (after requests.Timeout) and raise APIConnectionError from it, "
        "with .status None: there was no answer"
    )
    nowhere = api.nowhere()
    check.setup.append(f"nothing listens at {nowhere}")
    expect_error(check, impl, "APIConnectionError", call(impl.get_user, kit_session(TOKEN), nowhere, 7, timeout=TIMEOUT),
                 status=None, url=nowhere + "/users/7", hint=hint, expected="APIConnectionError (the connection was refused)")
    scope = users_api(api)
    scope.schedule.add(Drop(), Reset())
    for what in ("closed the connection without answering", "reset the connection without answering"):
        expect_error(check, impl, "APIConnectionError",
                     call(impl.get_user, kit_session(TOKEN), scope.url, 7, timeout=TIMEOUT),
                     status=None, url=scope.url_of("/users/7"), hint=hint,
                     expected=f"APIConnectionError (the server {what})")


def test_get_user_raises_auth_error_for_401_and_403(impl, check, api):
    """get_user raises AuthError for 401 (a token the API does not know) and 403 (a token without the right)"""
    scope = api.users({7: (ANN["name"], ANN["email"])}, tokens={"write-only": (WRITE,)})
    url = scope.url_of("/users/7")
    expect_error(check, impl, "AuthError", call(impl.get_user, kit_session("not-a-known-token"), scope.url, 7, timeout=TIMEOUT),
                 status=401, url=url, hint=STATUS_HINT, expected="AuthError with .status 401")
    expect_error(check, impl, "AuthError", call(impl.get_user, kit_session("write-only"), scope.url, 7, timeout=TIMEOUT),
                 status=403, url=url, hint=STATUS_HINT, expected="AuthError with .status 403")


def test_get_user_raises_not_found_error_for_404(impl, check, api):
    """get_user raises NotFoundError for a user that does not exist"""
    scope = users_api(api)
    expect_error(check, impl, "NotFoundError", call(impl.get_user, kit_session(TOKEN), scope.url, 99, timeout=TIMEOUT),
                 status=404, url=scope.url_of("/users/99"), hint=STATUS_HINT, expected="NotFoundError with .status 404")


def test_get_user_raises_client_and_server_errors(impl, check, api):
    """get_user raises ClientError for other 4xx and ServerError for 5xx"""
    scope = users_api(api)
    statuses = [(400, "ClientError"), (409, "ClientError"), (429, "ClientError"), (500, "ServerError"), (503, "ServerError")]
    scope.schedule.add(*(Reply(status, {"error": "scheduled by the check"}) for status, _ in statuses))
    for status, name in statuses:
        expect_error(check, impl, name, call(impl.get_user, kit_session(TOKEN), scope.url, 7, timeout=TIMEOUT),
                     status=status, url=scope.url_of("/users/7"), hint=STATUS_HINT, expected=f"{name} with .status {status}")


def test_get_user_refuses_an_answer_that_is_not_json(impl, check, api):
    """get_user raises BadResponseError for HTML with 200, and JSON under another Content-Type or none"""
    # text/json and application/jsonp hold the letters "json" but are not JSON types: a test of
    # `"json" in content_type` takes them.
    scope = users_api(api)
    answers = [("an HTML page with status 200", html_page()), ("the user as JSON, but Content-Type: text/plain",
               json_as("text/plain", ANN)), ("the user as JSON, without a Content-Type", json_as(None, ANN)),
               ("the user as JSON, but Content-Type: text/json", json_as("text/json", ANN)),
               ("the user, but Content-Type: application/jsonp", json_as("application/jsonp", ANN))]
    scope.schedule.add(*(answer for _, answer in answers))
    hint = (TRUST_HINT + ". Compare the media type itself (before any ';'): application/json, or application/ "
            "then a name ending in +json; `'json' in content_type` also takes text/json and application/jsonp")
    for what, _ in answers:
        check.raises(impl.BadResponseError, call(impl.get_user, kit_session(TOKEN), scope.url, 7, timeout=TIMEOUT),
                     hint=hint, expected=f"BadResponseError: the server answered {what}")


def test_get_user_refuses_a_body_that_is_not_valid_json(impl, check, api):
    """get_user raises BadResponseError for JSON cut short, and for an empty body"""
    scope = users_api(api)
    scope.schedule.add(truncated_json(ANN), empty_body())
    for what in ("JSON cut off in the middle", "an empty body"):
        check.raises(impl.BadResponseError, call(impl.get_user, kit_session(TOKEN), scope.url, 7, timeout=TIMEOUT),
                     hint="response.json() raises ValueError (requests.JSONDecodeError) for a body that is not "
                     "valid JSON: catch it and raise BadResponseError from it",
                     expected=f"BadResponseError: the body was {what}")


BAD_USERS = [
    ("the id is a string", {**ANN, "id": "7"}),
    ("the id is true", {**ANN, "id": True}),
    ("the id is a float", {**ANN, "id": 7.0}),
    ("the email is missing", {"id": 7, "name": ANN["name"]}),
    ("the name is null", {**ANN, "name": None}),
    ("the body is a list, not an object", [ANN]),
]


def test_get_user_refuses_fields_of_the_wrong_type(impl, check, api):
    """get_user raises BadResponseError for a missing field or a field of the wrong type (true for an id)"""
    scope = users_api(api)
    scope.schedule.add(*(Reply(200, body) for _, body in BAD_USERS))
    for what, _ in BAD_USERS:
        check.raises(impl.BadResponseError, call(impl.get_user, kit_session(TOKEN), scope.url, 7, timeout=TIMEOUT),
                     hint=FIELDS_HINT, expected=f"BadResponseError: {what}")


def test_get_user_refuses_an_unexpected_status(impl, check, api):
    """get_user raises BadResponseError for a 2xx other than 200"""
    scope = users_api(api)
    scope.schedule.add(Reply(201, ANN), Reply(202, ANN), Reply(204))
    for status in (201, 202, 204):
        check.raises(impl.BadResponseError, call(impl.get_user, kit_session(TOKEN), scope.url, 7, timeout=TIMEOUT),
                     hint="a read is answered 200; response.ok (any status below 400) is not enough: compare "
                     "response.status_code with 200 and raise BadResponseError otherwise",
                     expected=f"BadResponseError: the server answered {status}, and a read expects 200")


def test_bad_response_error_says_what_was_wrong(impl, check, api):
    """BadResponseError's message names what was wrong: the field, the content type, the status"""
    scope = users_api(api)
    cases = [
        (Reply(200, {**ANN, "email": 42}), "the email is a number", ("email",)),
        (html_page(), "the content type is text/html", ("content", "html", "json", "type")),
        (Reply(202, ANN), "the status is 202", ("202",)),
    ]
    scope.schedule.add(*(answer for answer, _, _ in cases))
    for _, what, words in cases:
        error = check.raises(impl.BadResponseError, call(impl.get_user, kit_session(TOKEN), scope.url, 7, timeout=TIMEOUT),
                             hint=TRUST_HINT, expected=f"BadResponseError: {what}")
        message = str(error)
        check.expect(
            any(word in message.lower() for word in words),
            got=f"when {what}, the message was {show(message)}",
            expected=f"a message that says so (mentioning {' or '.join(map(repr, words))})",
            hint="say in the message what was wrong, e.g. \"the 'email' field is an int, not str\": the person "
            "reading the log has only the message",
        )


def test_no_error_message_contains_the_token(impl, check, api):
    """no exception message contains the token, whatever went wrong"""
    scope = users_api(api)
    scope.schedule.add(Reply(401, {"error": "invalid token"}), Reply(404, {"error": "no user"}),
                       service_unavailable(), html_page(), Drop(), Stall(STALL), Reply(403, {"error": "forbidden"}),
                       Reply(422, {"error": "invalid user"}))
    session = kit_session(TOKEN)
    calls = [call(impl.get_user, session, scope.url, 7, timeout=TIMEOUT) for _ in range(6)]
    calls.append(call(impl.search_users, session, scope.url, "ann", timeout=TIMEOUT))
    calls.append(call(impl.create_user, session, scope.url, "Ann", "ann@example.com", timeout=TIMEOUT))
    hint = (
        "messages end up in logs and bug reports: say the method, the URL and the status, never the request's "
        "headers, the session's headers or the token"
    )
    for the_call in calls:
        error = check.raises(impl.APIError, the_call, hint=hint, expected="an APIError (the server failed on purpose)")
        leaked = [text for text in _messages_of(error) if TOKEN in text]
        check.expect(
            not leaked,
            got=f"{the_call} raised {type(error).__name__} whose message holds the token: {_around_token(leaked)}",
            expected="no message that holds the token",
            hint=hint,
        )


def _around_token(texts: list[str]) -> str:
    """`…'Authorization': 'Bearer tok_…'…`: the part of the first text that holds the token."""
    if not texts:
        return ""
    text = texts[0]
    at = text.index(TOKEN)
    start, end = max(0, at - 30), min(len(text), at + len(TOKEN) + 10)
    return ("…" if start else "") + repr(text[start:end]) + ("…" if end < len(text) else "")


def _messages_of(error: BaseException) -> list[str]:
    """str() and repr() of an exception and of every exception it was raised from."""
    found, seen = [], set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        found += [str(error), repr(error)]
        error = error.__cause__ or error.__context__
    return found


# create_user --------------------------------------------------------------------------------


def test_create_user_posts_json_and_returns_the_user(impl, check, api):
    """create_user POSTs {"name", "email"} as JSON to <base_url>/users and returns the User made"""
    scope = users_api(api)
    new = {"id": 9, "name": "Cy Newman", "email": "cy@example.net"}
    check.returns(user_of(impl, new), call(impl.create_user, kit_session(TOKEN), scope.url, new["name"], new["email"],
                                           timeout=TIMEOUT), hint=BASE_URL_HINT)
    posts = scope.journal.matching("POST", scope.prefix + "/users")
    check.expect(len(posts) == 1, got=f"the server received {len(posts)} POST {scope.prefix}/users", expected="one",
                 hint="one request: session.post(url, json={'name': name, 'email': email}, timeout=timeout)")
    body = posts[0].json()
    check.expect(
        exactly(body, {"name": new["name"], "email": new["email"]}),
        got=f"the POST carried the body {show(posts[0].body)}",
        expected="the JSON object {\"name\": ..., \"email\": ...} and nothing else",
        hint="send json={'name': name, 'email': email}: requests encodes it and sets Content-Type: application/json",
    )
    content_type = posts[0].header("Content-Type") or ""
    check.expect(content_type.startswith("application/json"), got=f"the POST carried Content-Type: {show(content_type or None)}",
                 expected="Content-Type: application/json", hint="json=... sets it for you; data=... does not")


def test_create_user_expects_201(impl, check, api):
    """create_user raises BadResponseError for a 200 (a create is answered 201)"""
    scope = users_api(api)
    scope.schedule.add(Reply(200, {**ANN, "id": 9}))
    check.raises(impl.BadResponseError, call(impl.create_user, kit_session(TOKEN), scope.url, "Cy", "cy@example.net",
                                             timeout=TIMEOUT),
                 hint="a create is answered 201 Created; anything else, 200 included, is not the answer expected",
                 expected="BadResponseError: the server answered 200, and a create expects 201")


def test_create_user_raises_client_error_for_invalid_input(impl, check, api):
    """create_user raises ClientError for 422 (invalid input)"""
    scope = users_api(api)
    expect_error(check, impl, "ClientError", call(impl.create_user, kit_session(TOKEN), scope.url, "Cy", "not an email",
                                                  timeout=TIMEOUT),
                 status=422, url=scope.url_of("/users"), hint=STATUS_HINT, expected="ClientError with .status 422")


def test_create_user_raises_auth_error_without_the_write_scope(impl, check, api):
    """create_user raises AuthError for 403 (a token that may only read)"""
    scope = api.users({}, tokens={"read-only": (READ,)})
    expect_error(check, impl, "AuthError", call(impl.create_user, kit_session("read-only"), scope.url, "Cy",
                                                "cy@example.net", timeout=TIMEOUT),
                 status=403, url=scope.url_of("/users"), hint=STATUS_HINT, expected="AuthError with .status 403")


def test_create_user_gives_up_on_a_stalled_server(impl, check, api):
    """create_user raises APITimeoutError soon after its timeout when the server stalls"""
    scope = users_api(api)
    scope.schedule.add(Stall(STALL))
    expect_gives_up(check, impl, call(impl.create_user, kit_session(TOKEN), scope.url, "Cy", "cy@example.net",
                                      timeout=TIMEOUT),
                    error="APITimeoutError", url=scope.url_of("/users"), hint=TIMEOUT_HINT)


def test_create_user_sends_the_post_once_when_the_server_fails(impl, check, api):
    """create_user raises ServerError for a 503, after one POST (a create is not repeated)"""
    scope = users_api(api)
    scope.schedule.add(service_unavailable(), service_unavailable())
    expect_error(check, impl, "ServerError", call(impl.create_user, kit_session(TOKEN), scope.url, "Cy", "cy@example.net",
                                                  timeout=TIMEOUT),
                 status=503, url=scope.url_of("/users"), hint=STATUS_HINT, expected="ServerError with .status 503")
    posts = scope.journal.count("POST")
    check.expect(posts == 1, got=f"the server received {posts} POSTs", expected="one POST",
                 hint="repeating a POST can create the user twice: raise ServerError and leave retries to the caller")


# search_users -------------------------------------------------------------------------------


def query_of(entry) -> dict:
    return {k: v[0] if len(v) == 1 else v for k, v in parse_qs(entry.query, keep_blank_values=True).items()}


def test_search_users_sends_the_query_and_returns_users(impl, check, api):
    """search_users sends q, page and per_page, and returns a list of Users"""
    cy = {"id": 9, "name": "Annette Cy", "email": "cy@example.net"}
    scope = users_api(api, cy)
    hint = "send params={'q': query, 'page': page, 'per_page': per_page} and build a User of each item of the list"
    check.returns([user_of(impl, ANN), user_of(impl, cy)],
                  call(impl.search_users, kit_session(TOKEN), scope.url, "ann", page=1, per_page=5, timeout=TIMEOUT), hint=hint)
    entry = scope.journal.entries[-1]
    check.expect(
        entry.path == scope.prefix + "/users" and query_of(entry) == {"q": "ann", "page": "1", "per_page": "5"},
        got=f"the server received GET {entry.target}",
        expected=f"GET {scope.prefix}/users?q=ann&page=1&per_page=5 (in any order)",
        hint=hint,
    )
    check.returns([], call(impl.search_users, kit_session(TOKEN), scope.url, "nobody", timeout=TIMEOUT),
                  hint="an empty JSON list is a right answer: return []")


def test_search_users_encodes_the_query(impl, check, api):
    """search_users encodes a query holding '&', '=', '%', '#' and spaces"""
    scope = users_api(api)
    query = "ann & bob=1 100% #1"
    check.run(call(impl.search_users, kit_session(TOKEN), scope.url, query, timeout=TIMEOUT), expected="a list",
              hint="")
    entry = scope.journal.entries[-1]
    got = query_of(entry)
    check.expect(
        got.get("q") == query and got.get("page") == "1" and got.get("per_page") == "20",
        got=f"the server received GET {entry.target}, which means q={show(got.get('q'))}",
        expected=f"q={show(query)}, page=1 and per_page=20",
        hint="let requests build the query string (params={...}) or use urllib.parse.urlencode: an f-string puts "
        "'&', '=', '#' and '%' in the URL as they are",
    )


def test_search_users_refuses_a_body_that_is_not_a_list(impl, check, api):
    """search_users raises BadResponseError for an object where the list belongs, or a bad item"""
    scope = users_api(api)
    scope.schedule.add(Reply(200, {"users": [ANN]}), Reply(200, [ANN, {**BOB, "id": "8"}]))
    for what in ('an object {"users": [...]} instead of a list', "a list whose second user has the id '8'"):
        check.raises(impl.BadResponseError, call(impl.search_users, kit_session(TOKEN), scope.url, "a", timeout=TIMEOUT),
                     hint="check that the body is a list (isinstance(data, list)), and check every item as get_user "
                     "checks a user", expected=f"BadResponseError: the body was {what}")


def test_search_users_gives_up_on_a_stalled_server(impl, check, api):
    """search_users raises APITimeoutError soon after its timeout when the server stalls"""
    scope = users_api(api)
    scope.schedule.add(Stall(STALL))
    expect_gives_up(check, impl, call(impl.search_users, kit_session(TOKEN), scope.url, "ann", timeout=TIMEOUT),
                    error="APITimeoutError", url=scope.url_of("/users?q=ann&page=1&per_page=20"), hint=TIMEOUT_HINT)


def test_search_users_errors_carry_the_url_with_its_query(impl, check, api):
    """search_users' errors carry the URL with its query: .url ends with ?q=...&page=...&per_page=..."""
    scope = users_api(api)
    scope.schedule.add(service_unavailable())
    expect_error(check, impl, "ServerError", call(impl.search_users, kit_session(TOKEN), scope.url, "ann b", page=2,
                                                  per_page=3, timeout=TIMEOUT),
                 status=503, url=scope.url_of("/users?q=ann+b&page=2&per_page=3"),
                 hint=STATUS_HINT, expected="ServerError with .status 503")

