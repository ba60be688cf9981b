"""The paginated API of exercise 12: JSON lists, page after page, linked by `Link` headers.

A scope holds collections (`Collection`), each served at one or more paths:

    GET <path>?page=N   200 a JSON list (the items of page N), with a Link header; 404 past the end

How the Link header is written is the collection's `style`, the ways real APIs write it:

- "absolute": `<http://127.0.0.1:PORT/c/7/items?page=3>; rel="next", <...?page=9>; rel="last"`
  (with "first" and "prev" where they apply);
- "path": path-absolute references, `</c/7/items?page=3>; rel="next"`;
- "relative": references relative to the page, `<items?page=3>; rel="next"`;
- "query": only the query, `<?page=3>; rel="next"`;
- "bare": rel without quotes and odd spacing, `<...>;rel=next , <...> ; rel = last`;
- "combined": the last hop is `rel="next last"`, and every link carries a `title`.

`loop_to=N` makes the last page's next link point back to page N (an API bug that makes a
naive client loop forever); `links={page: header}` gives pages a Link header of their own
(`{base}` in it becomes the scope's URL). Rate limits and faults come from the scope, as for
every mock API (see scopes.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from flask import Flask, jsonify, request

from .scopes import SCOPE
from .users import json_errors

STYLES = ("absolute", "path", "relative", "query", "bare", "combined")


@dataclass
class Collection:
    items: list
    per_page: int = 3
    style: str = "absolute"
    loop_to: int | None = None
    links: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.style not in STYLES:
            raise ValueError(f"unknown Link style {self.style!r}; one of {', '.join(STYLES)}")

    @property
    def pages(self) -> int:
        return max(1, math.ceil(len(self.items) / self.per_page))

    def page(self, number: int) -> list:
        start = (number - 1) * self.per_page
        return self.items[start : start + self.per_page]

    def link_header(self, number: int, path: str, base: str) -> str | None:
        """The Link header of page `number` served at `path` (within the scope at URL `base`)."""
        if number in self.links:
            return self.links[number].replace("{base}", base)
        last = self.pages
        next_page = number + 1 if number < last else self.loop_to
        relations = []
        if number > 1:
            relations += [("first", 1), ("prev", number - 1)]
        if next_page is not None:
            relations.append(("next", next_page))
        if number < last:
            relations.append(("last", last))
        if self.style == "combined" and next_page == last and number < last:
            relations = [r for r in relations if r[0] not in ("next", "last")] + [("next last", last)]
        links = [self._link(rel, page, path, base) for rel, page in relations]
        if not links:
            return None
        return " , ".join(links) if self.style == "bare" else ", ".join(links)

    def _link(self, rel: str, page: int, path: str, base: str) -> str:
        target = {
            "absolute": f"{base}{path}?page={page}",
            "path": f"{base_path(base)}{path}?page={page}",
            "relative": f"{path.rsplit('/', 1)[-1]}?page={page}",
            "query": f"?page={page}",
        }.get(self.style, f"{base}{path}?page={page}")
        if self.style == "bare":
            return f"<{target}>;rel={rel}" if rel != "last" else f"<{target}> ; rel = {rel}"
        if self.style == "combined":
            return f'<{target}>; rel="{rel}"; title="page {page}, of {self.pages}"'
        return f'<{target}>; rel="{rel}"'


def base_path(url: str) -> str:
    """`/c/7` of `http://127.0.0.1:5000/c/7`."""
    rest = url.split("://", 1)[-1]
    return "/" + rest.split("/", 1)[1] if "/" in rest else ""


def collections() -> dict[str, Collection]:
    return request.environ[SCOPE].state.setdefault("collections", {})


def create_app() -> Flask:
    app = Flask("netlings-paginated")

    @app.get("/<path:path>")
    def page_of(path: str):
        path = "/" + path
        collection = collections().get(path)
        if collection is None:
            return jsonify({"error": f"nothing is served at {path}"}), 404
        number = request.args.get("page", "1")
        if not number.isdigit() or not 1 <= int(number) <= collection.pages:
            return jsonify({"error": f"no page {number} (pages 1 to {collection.pages})"}), 404
        response = jsonify(collection.page(int(number)))
        response.headers["X-Total-Count"] = str(len(collection.items))
        scope = request.environ[SCOPE]
        link = collection.link_header(int(number), path, scope.url)
        if link:
            response.headers["Link"] = link
        return response

    json_errors(app)
    return app


def sample_items(count: int, seed: int = 0) -> list[dict]:
    """`count` items {"id", "name", "price"}, the same for the same seed."""
    names = ["bolt", "nut", "washer", "gear", "spring", "valve", "hinge", "lever", "pulley", "rivet"]
    return [
        {"id": i + 1, "name": f"{names[(i + seed) % len(names)]} {i + 1}", "price": round(0.25 + ((i * 37 + seed * 11) % 400) / 10, 2)}
        for i in range(count)
    ]
