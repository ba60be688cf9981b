"""The paginated API: pages of JSON lists, Link headers in every style, loops and overrides."""

import re
from urllib.parse import urljoin

import pytest
import requests

from mockservers.apis.paginated import STYLES, Collection, create_app, sample_items
from mockservers.apis.scopes import MockAPIServer

ITEMS = sample_items(7)


@pytest.fixture(scope="module")
def server():
    with MockAPIServer() as running:
        yield running


def serve(server, **collections):
    scope = server.open_scope(create_app())
    scope.state["collections"] = {f"/{name}": c for name, c in collections.items()}
    return scope


def next_of(header):
    for target, rels in re.findall(r'<([^>]*)>[^,]*?rel\s*=\s*"?([^";,]+)', header or ""):
        if "next" in rels.split():
            return target
    return None


@pytest.mark.parametrize("style", STYLES)
def test_every_style_leads_through_every_page(server, style):
    scope = serve(server, items=Collection(ITEMS, per_page=3, style=style))
    url, seen = scope.url_of("/items"), []
    while url:
        response = requests.get(url, timeout=2)
        seen += response.json()
        link = next_of(response.headers.get("Link"))
        url = urljoin(response.url, link) if link else None
    assert seen == ITEMS


def test_the_styles_write_links_as_they_say(server):
    scope = serve(server, a=Collection(ITEMS, style="bare"), b=Collection(ITEMS, style="combined"),
                  c=Collection(ITEMS, style="query"))
    bare = requests.get(scope.url_of("/a?page=2"), timeout=2).headers["Link"]
    assert ";rel=next" in bare and "rel = last" in bare and '"' not in bare
    combined = requests.get(scope.url_of("/b?page=2"), timeout=2).headers["Link"]
    assert 'rel="next last"' in combined and 'title="page 3, of 3"' in combined
    assert requests.get(scope.url_of("/c"), timeout=2).headers["Link"].startswith('<?page=2>; rel="next"')


def test_the_last_page_has_no_next_unless_it_loops(server):
    scope = serve(server, plain=Collection(ITEMS), looping=Collection(ITEMS, loop_to=1))
    assert next_of(requests.get(scope.url_of("/plain?page=3"), timeout=2).headers.get("Link")) is None
    assert next_of(requests.get(scope.url_of("/looping?page=3"), timeout=2).headers["Link"]).endswith("/looping?page=1")


def test_links_of_their_own_and_pages_past_the_end(server):
    scope = serve(server, items=Collection(ITEMS, links={1: '<{base}/other>; rel="next"'}))
    assert requests.get(scope.url_of("/items"), timeout=2).headers["Link"] == f'<{scope.url}/other>; rel="next"'
    assert requests.get(scope.url_of("/items?page=9"), timeout=2).status_code == 404
    assert requests.get(scope.url_of("/nothing"), timeout=2).status_code == 404
