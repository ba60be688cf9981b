"""Checks for exercise-12 · Paging through a rate-limited API (ex12_pagination).

next_link is checked on Link headers written every way RFC 8288 allows; RateLimiter with a
clock of the kit's that only moves when the limiter sleeps (through the kit's recording
sleep), so no check waits for real; iter_items against the kit's paginated API
(mockservers/apis/paginated.py), whose journal says which pages were fetched and when: that
is how laziness, loops and max_pages are judged. The rate-limit checks put a token bucket on
the server that runs on the same virtual clock as the learner's limiter, so the server
refills exactly as much as the learner's code waited.
"""

import math

import requests

from grader.harness.apis import kit_session, timed
from grader.harness.checking import call
from grader.harness.fakes import CountingLimiter, RecordingSleep, VirtualClock
from grader.harness.show import show
from mockservers.apis.faults import Reply, Stall, TokenBucket, html_page, too_many_requests, truncated_json
from mockservers.apis.paginated import Collection, sample_items

TIMEOUT = 0.3
ITEMS = sample_items(9)

PARSE_HINT = (
    "read the header link by link: the URL runs from '<' to '>', then come '; name=value' parameters until a "
    "',' outside quotes; rel may be quoted or bare, with spaces around ';' and '=', and may hold several words"
)
LAZY_HINT = (
    "make iter_items a generator: fetch one page, `yield from` its items, and fetch the next page only when "
    "the caller asks for more; collecting every page into a list first is not lazy"
)
RESOLVE_HINT = (
    "a next link may be relative ('/c/1/items?page=2', 'items?page=2', '?page=2'): resolve it against the URL "
    "of the page that carried it, urljoin(response.url, link)"
)
LOOP_HINT = (
    "keep a set of the URLs already fetched (the first one included) and raise PaginationError when a next "
    "link, once resolved, is in it: an API whose links come back around would keep you going forever"
)


# next_link ----------------------------------------------------------------------------------

GITHUB_STYLE = (
    '<https://api.example.com/items?page=1>; rel="first", <https://api.example.com/items?page=3>; rel="prev", '
    '<https://api.example.com/items?page=5>; rel="next", <https://api.example.com/items?page=9>; rel="last"'
)


def test_next_link_finds_next_among_several_links(impl, check):
    """next_link finds the next link among first, prev, next and last"""
    check.returns("https://api.example.com/items?page=5", call(impl.next_link, GITHUB_STYLE), hint=PARSE_HINT)


def test_next_link_reads_bare_and_spaced_rel(impl, check):
    """next_link reads rel=next bare, quoted, with odd spacing and with other parameters"""
    for header, expected in (
        ("<https://x.example/p2>;rel=next", "https://x.example/p2"),
        ('<https://x.example/p2> ; rel = "next"', "https://x.example/p2"),
        ('<https://x.example/p2>;  rel="next"; type="application/json"', "https://x.example/p2"),
        ('</items?page=2>; rel="next"', "/items?page=2"),
        ('<?page=2>; rel=next', "?page=2"),
    ):
        check.returns(expected, call(impl.next_link, header), hint=PARSE_HINT + "; return the URL as written, relative or not")


def test_next_link_reads_several_rel_values(impl, check):
    """next_link reads rel="next last" and rel="prefetch next", and not rel="nextpage" """
    for header, expected in (
        ('<https://x.example/p9>; rel="next last"', "https://x.example/p9"),
        ('<https://x.example/p2>; rel="prefetch next"', "https://x.example/p2"),
        ('<https://x.example/p1>; rel="nextpage", <https://x.example/p2>; rel="next"', "https://x.example/p2"),
    ):
        check.returns(expected, call(impl.next_link, header),
                      hint="rel holds relation names separated by spaces: 'next' in value.split(), not value == 'next' "
                      "(nor 'next' in value, which 'nextpage' passes)")


def test_next_link_keeps_commas_inside_urls_and_quotes(impl, check):
    """next_link handles commas inside a URL and inside a quoted title"""
    for header, expected in (
        ('<https://x.example/items?ids=1,2,3&page=2>; rel="next"', "https://x.example/items?ids=1,2,3&page=2"),
        ('<https://x.example/p1>; rel="prev"; title="older, earlier", <https://x.example/p3>; rel="next"',
         "https://x.example/p3"),
    ):
        check.returns(expected, call(impl.next_link, header),
                      hint="a comma may sit inside <...> or inside quotes: header.split(',') cuts there; find each "
                      "'<...>' and read its parameters up to the ',' that ends the link")


def test_next_link_returns_none_without_a_next_link(impl, check):
    """next_link returns None for no header, an empty one, or one without a next link"""
    for header in (None, "", '<https://x.example/p1>; rel="prev"', '<https://x.example/p9>; rel="last"'):
        check.returns(None, call(impl.next_link, header),
                      hint="no Link header (None or ''), or no link whose rel includes next: return None")


# RateLimiter --------------------------------------------------------------------------------

BUCKET_HINT = (
    "a token bucket: tokens = min(burst, tokens + (clock() - last) * rate); take one if tokens >= 1, else "
    "sleep((1 - tokens) / rate) with the sleep you were given and look again; start full, with last = clock()"
)


def limiter_with(impl, check, rate, burst):
    clock = VirtualClock()
    sleep = RecordingSleep(clock, name="sleep")
    the_call = call(impl.RateLimiter, rate, burst, clock=clock, sleep=sleep)
    limiter = check.run(the_call, expected="a RateLimiter", hint="")
    return limiter, clock, sleep


def expect_wait(check, limiter, sleep, expected: float, what: str):
    """limiter.acquire() asks sleep for `expected` seconds in all (a little more if it waits in small steps)."""
    before = sleep.total
    check.run(call(limiter.acquire), expected="a token, after a wait", hint=BUCKET_HINT)
    waited = sleep.total - before
    check.expect(
        expected - 1e-6 <= waited <= expected + 0.05,
        got=f"{what}, limiter.acquire() asked sleep for {waited:.4g} s in all",
        expected=f"{expected:g} s",
        hint=BUCKET_HINT,
    )


def test_rate_limiter_starts_full(impl, check):
    """RateLimiter gives `burst` tokens at once, without waiting"""
    limiter, _, sleep = limiter_with(impl, check, 1.0, 3)
    for number in range(3):
        check.run(call(limiter.acquire), expected="a token at once", hint=BUCKET_HINT)
    check.expect(sleep.total == 0, got=f"three acquire() on a full bucket of 3 asked sleep for {sleep.total:.4g} s",
                 expected="no wait: the bucket starts full", hint=BUCKET_HINT)


def test_rate_limiter_waits_for_the_next_token(impl, check):
    """RateLimiter(rate=2) waits half a second for the next token"""
    limiter, _, sleep = limiter_with(impl, check, 2.0, 1)
    check.run(call(limiter.acquire), expected="the first token at once", hint=BUCKET_HINT)
    expect_wait(check, limiter, sleep, 0.5, "with the only token taken and rate=2")


def test_rate_limiter_counts_the_time_already_passed(impl, check):
    """RateLimiter waits only for what is missing of a token"""
    limiter, clock, sleep = limiter_with(impl, check, 1.0, 1)
    check.run(call(limiter.acquire), expected="the first token at once", hint=BUCKET_HINT)
    clock.advance(0.3)
    expect_wait(check, limiter, sleep, 0.7, "0.3 s after the only token was taken, with rate=1")


def test_rate_limiter_refills_up_to_burst_only(impl, check):
    """RateLimiter refills at most `burst` tokens, however long it was idle"""
    limiter, clock, sleep = limiter_with(impl, check, 1.0, 2)
    for _ in range(2):
        check.run(call(limiter.acquire), expected="a token at once", hint=BUCKET_HINT)
    clock.advance(100)
    for _ in range(2):
        check.run(call(limiter.acquire), expected="a token at once", hint=BUCKET_HINT)
    expect_wait(check, limiter, sleep, 1.0, "100 s idle and two tokens taken, with burst=2 and rate=1")


def test_rate_limiter_keeps_its_sleep(impl, check):
    """RateLimiter's .sleep is the sleep function it was given"""
    limiter, _, sleep = limiter_with(impl, check, 1.0, 1)
    kept = getattr(limiter, "sleep", None)
    check.expect(kept is sleep, got=f"its .sleep was {show(kept)}", expected="the sleep it was given",
                 hint="keep it: self.sleep = sleep (iter_items waits through limiter.sleep)")


# iter_items ---------------------------------------------------------------------------------


def paged(api, *, per_page=3, items=ITEMS, clock=None, **options):
    """A scope serving `items` at /items, `per_page` a page."""
    collection = Collection(list(items), per_page=per_page, **options)
    extra = {"clock": clock} if clock is not None else {}
    return api.pages({"/items": collection}, **extra)


def items_call(impl, scope, path="/items?page=1", limiter=None, session=None, **options):
    return call(impl.iter_items, session or kit_session(), scope.url_of(path), limiter, timeout=TIMEOUT, **options)


def fetched(scope) -> list[str]:
    return [e.target.removeprefix(scope.prefix) for e in scope.journal.entries]


def items_until_error(check, the_call, error_type, *, hint: str, expected: str):
    """Iterate until `error_type` escapes; return the items yielded before it and the exception."""
    items = []

    def run():
        for item in the_call():
            items.append(item)
            if len(items) > 1000:
                break

    error = check.raises(error_type, call(run).shown_as(f"iterating over {the_call}"), hint=hint, expected=expected)
    return items, error


def test_iter_items_follows_next_links_to_the_end(impl, check, api):
    """iter_items yields every item of every page, following rel="next" to the last page"""
    scope = paged(api, items=ITEMS[:7])
    check.yields(ITEMS[:7], items_call(impl, scope),
                 hint="yield the items of each page, then fetch the page its next link names, until a page has none")


def test_iter_items_is_lazy(impl, check, api):
    """iter_items fetches a page only when its items are wanted: reading three items fetches one page"""
    scope = paged(api)
    the_call = items_call(impl, scope)
    items = check.run(the_call, expected="an iterator", hint=LAZY_HINT)
    for taken in range(1, 5):
        item = check.run(call(next, items).shown_as("next(items)"), expected=show(ITEMS[taken - 1]), hint=LAZY_HINT)
        pages = len(scope.journal.entries)
        wanted = 1 if taken <= 3 else 2
        check.expect(
            item == ITEMS[taken - 1] and pages == wanted,
            got=f"after reading {taken} item{'s' if taken > 1 else ''} (the pages hold 3 each), {pages} "
            f"page{'s' if pages != 1 else ''} had been fetched; the last item read was {show(item)}",
            expected=f"{wanted} page{'s' if wanted > 1 else ''} fetched, and the item {show(ITEMS[taken - 1])}",
            hint=LAZY_HINT,
        )


def test_iter_items_resolves_relative_links(impl, check, api):
    """iter_items resolves relative next links ('/c/1/items?page=2', 'items?page=2', '?page=2')"""
    for style in ("path", "relative", "query"):
        scope = paged(api, style=style)
        check.yields(ITEMS, items_call(impl, scope), hint=RESOLVE_HINT)


def test_iter_items_resolves_a_link_against_the_page_that_gave_it(impl, check, api):
    """iter_items resolves a next link against the URL of the page that carried it, not the first URL"""
    first = Collection(ITEMS[:3], per_page=3, links={1: '<{base}/b/items?page=2>; rel="next"'})
    rest = Collection(ITEMS, per_page=3, style="relative")
    scope = api.pages({"/a/items": first, "/b/items": rest})
    check.yields(ITEMS, items_call(impl, scope, "/a/items?page=1"),
                 hint=RESOLVE_HINT + "; page 2 is at /b/items, so its 'items?page=3' means /b/items?page=3")


def test_iter_items_reads_every_link_style(impl, check, api):
    """iter_items follows bare rel=next, rel="next last" and links with titles"""
    for style in ("bare", "combined"):
        scope = paged(api, style=style)
        check.yields(ITEMS, items_call(impl, scope), hint=PARSE_HINT)


def test_iter_items_waits_out_a_429_through_the_limiter(impl, check, api):
    """iter_items waits Retry-After (1 s without one) through limiter.sleep on a 429, then fetches the page again"""
    scope = paged(api)
    scope.schedule.add(None, too_many_requests("3"), None, too_many_requests(None))  # None: the API answers
    limiter = CountingLimiter(scope.journal)
    hint = ("on 429, wait what Retry-After says (1 s without one) with limiter.sleep(...) when there is a limiter, "
            "then fetch the same page again")
    check.yields(ITEMS, items_call(impl, scope, limiter=limiter), hint=hint)
    waits = limiter.sleep.calls
    check.expect(
        len(waits) == 2 and all(isinstance(w, (int, float)) for w in waits) and math.isclose(waits[0], 3.0)
        and math.isclose(waits[1], 1.0),
        got=f"your code asked limiter.sleep for {waits}",
        expected="[3, 1]: Retry-After: 3 for page 2, then 1 s for page 3's 429 without Retry-After",
        hint=hint,
    )


def test_iter_items_acquires_before_every_request(impl, check, api):
    """iter_items calls limiter.acquire() before every request, a repeated one too"""
    scope = paged(api)
    scope.schedule.add(too_many_requests("2"), path="/items")
    limiter = CountingLimiter(scope.journal)
    check.yields(ITEMS, items_call(impl, scope, limiter=limiter), hint="")
    acquired = 0
    for item in scope.journal.timeline:
        if getattr(item, "text", "") == "your code called limiter.acquire()":
            acquired += 1
        elif hasattr(item, "method"):
            check.expect(
                acquired >= item.number,
                got=f"request {item.number} ({item.method} {item.target}) was sent after {acquired} limiter.acquire() calls",
                expected=f"{item.number}: one acquire() before every request",
                hint="call limiter.acquire() right before each session.get(), also before fetching a page again after a 429",
            )


def test_iter_items_without_a_limiter_fetches_again_after_a_429(impl, check, api):
    """iter_items without a limiter fetches a page again after a 429 (Retry-After: 0)"""
    scope = paged(api)
    scope.schedule.add(too_many_requests("0"), path="/items")
    check.yields(ITEMS, items_call(impl, scope),
                 hint="with limiter=None, wait with time.sleep(seconds) and fetch the same page again; a 429 is not an error")


def test_iter_items_keeps_to_the_rate_limit_with_a_rate_limiter(impl, check, api):
    """iter_items with a RateLimiter as fast as the server allows gets no 429"""
    clock = VirtualClock()
    scope = paged(api, clock=clock, per_page=2)
    scope.rate_limit = TokenBucket(rate=2, burst=2, clock=clock)
    check.setup.append("the server allows 2 requests a second, 2 at once (a token bucket on the check's clock)")
    limiter = check.run(call(impl.RateLimiter, 2, 2, clock=clock, sleep=api.sleep_for(scope, clock, "limiter.sleep")),
                        expected="a RateLimiter", hint="")
    check.yields(ITEMS, items_call(impl, scope, limiter=limiter), hint=BUCKET_HINT)
    refused = [e.number for e in scope.journal.entries if e.answer and e.answer.status == 429]
    check.expect(not refused, got=f"the server refused requests {refused} with 429",
                 expected="no 429: a limiter of the server's own rate never sends too fast",
                 hint=BUCKET_HINT + "; and call limiter.acquire() before every request")


def test_iter_items_recovers_when_its_limiter_is_too_fast(impl, check, api):
    """iter_items with a limiter faster than the server waits out each 429 and yields every item once"""
    clock = VirtualClock()
    scope = paged(api, clock=clock, per_page=2)
    scope.rate_limit = TokenBucket(rate=1, burst=1, clock=clock)
    check.setup.append("the server allows 1 request a second (a token bucket on the check's clock)")
    sleep = api.sleep_for(scope, clock, "limiter.sleep")
    limiter = check.run(call(impl.RateLimiter, 50, 5, clock=clock, sleep=sleep), expected="a RateLimiter", hint="")
    check.yields(ITEMS, items_call(impl, scope, limiter=limiter),
                 hint="on 429, wait Retry-After through limiter.sleep and fetch the same page again: each item comes once")


def test_iter_items_raises_http_error_for_other_error_statuses(impl, check, api):
    """iter_items raises requests.HTTPError for a 500 or a 404 (after the items before it)"""
    scope = paged(api)
    scope.schedule.add(Reply(200, ITEMS[:3], (("Link", f'<{scope.url}/items?page=2>; rel="next"'),)),
                       Reply(500, {"error": "as scheduled"}))
    hint = "call response.raise_for_status() for any error status but 429: it raises requests.HTTPError"
    items, _ = items_until_error(check, items_call(impl, scope), requests.HTTPError, hint=hint,
                                 expected="requests.HTTPError for the 500 of page 2")
    check.expect(items == ITEMS[:3], got=f"before it, the iteration yielded {show(items)}", expected="the items of page 1",
                 hint=LAZY_HINT)
    check.raises(requests.HTTPError, call(lambda: list(impl.iter_items(kit_session(), scope.url_of("/nowhere"),
                                                                      timeout=TIMEOUT))).shown_as("list(iter_items(session, "
                 f"{scope.url_of('/nowhere')!r}))"), hint=hint, expected="requests.HTTPError for the 404")


def test_iter_items_refuses_a_page_that_is_not_a_list(impl, check, api):
    """iter_items raises PaginationError for a page that is a JSON object, HTML, or broken JSON"""
    for answer, what in ((Reply(200, {"items": ITEMS[:3]}), "a JSON object"), (html_page(), "an HTML page"),
                         (truncated_json(ITEMS[:3]), "JSON cut short")):
        scope = paged(api)
        scope.schedule.add(answer)
        check.raises(impl.PaginationError, call(lambda: list(impl.iter_items(kit_session(), scope.url_of("/items"),
                                                                            timeout=TIMEOUT)))
                     .shown_as(f"list(iter_items(session, {scope.url_of('/items')!r}))"),
                     hint="each page must be a JSON list: catch response.json()'s ValueError, check isinstance(data, list), "
                     "and raise PaginationError otherwise (iterating over an object yields its keys)",
                     expected=f"PaginationError: the page was {what}")


def test_iter_items_stops_a_loop(impl, check, api):
    """iter_items raises PaginationError when a next link leads back to a page seen before"""
    for loop_to, pages in ((1, 3), (3, 3)):
        scope = paged(api, loop_to=loop_to)
        items, _ = items_until_error(check, items_call(impl, scope), impl.PaginationError, hint=LOOP_HINT,
                                     expected=f"PaginationError: the last page links back to page {loop_to}")
        check.expect(
            items in (ITEMS, ITEMS[:6]),
            got=f"before it, the iteration yielded {len(items)} items: {show(items)}",
            expected="the items of each page once",
            hint=LOOP_HINT,
        )


def test_iter_items_stops_before_page_max_pages_plus_one(impl, check, api):
    """iter_items raises PaginationError before fetching a page beyond max_pages"""
    scope = paged(api, per_page=2)
    hint = "count the pages fetched; when a next link would make it max_pages + 1, raise PaginationError instead of fetching"
    items, _ = items_until_error(check, items_call(impl, scope, max_pages=2), impl.PaginationError, hint=hint,
                                 expected="PaginationError: there are 5 pages and max_pages=2")
    check.expect(fetched(scope) == ["/items?page=1", "/items?page=2"],
                 got=f"the server was asked for {fetched(scope)}", expected="pages 1 and 2 only", hint=hint)
    check.expect(items in (ITEMS[:4], ITEMS[:2]), got=f"before it, the iteration yielded {show(items)}",
                 expected="the items of pages 1 and 2", hint=hint)
    scope = paged(api, per_page=3)
    check.yields(ITEMS, items_call(impl, scope, max_pages=3),
                 hint="max_pages pages are allowed: 3 pages with max_pages=3 are fine (raise only for page max_pages + 1)")


def test_iter_items_gives_up_on_a_stalled_page(impl, check, api):
    """iter_items passes its timeout on: a stalled page ends the iteration soon after it"""
    scope = paged(api)
    scope.schedule.add(Stall(1.0))
    hint = "pass timeout=timeout to session.get(): without it, requests waits as long as the server likes"
    seconds, _ = timed(lambda: check.raises(  # how the timeout surfaces is the code's choice: any exception
        Exception, call(lambda: list(impl.iter_items(kit_session(), scope.url_of("/items"), timeout=TIMEOUT)))
        .shown_as(f"list(iter_items(session, {scope.url_of('/items')!r}, timeout={TIMEOUT}))"),
        hint=hint, expected=f"an exception (requests.Timeout) after about {TIMEOUT:g} s"))
    check.expect(seconds < 0.85, got=f"it took {seconds:.2f} s", expected=f"about {TIMEOUT:g} s", hint=hint)


def test_iter_items_uses_the_session_it_is_given(impl, check, api):
    """iter_items sends its requests with the session it is given"""
    scope = paged(api)
    session = kit_session()
    session.headers["X-Session"] = "the one given"
    check.yields(ITEMS, items_call(impl, scope, session=session), hint="")
    others = [e.number for e in scope.journal.entries if e.header("X-Session") != "the one given"]
    check.expect(not others, got=f"requests {others} came without the session's headers", expected="every request from the session",
                 hint="call session.get(...), not requests.get(...): the session carries the caller's headers and auth")
