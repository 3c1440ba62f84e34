"""Two filters at once on the Văn bản pages, without JavaScript: one page per pair.

A reader who wants "Quyết định" of 2024 opens ``van-ban/loai/quyet-dinh/nam/2024/``:
for each pair of facets (type × year, type × field, issuer × force...) and each
pair of their values that some document has, one page lists those documents.
The page of one value links to its pairs with their counts, and a pair's page
links back to each of its two values' pages (dropping the other), so filters are
added and removed by following links. A document is on one page per pair of
facets (10 for 5 facets), so the pages grow with documents × pairs, never with
every combination of all five; three filters or more are the search page's
(tim-kiem/, whose "Văn bản" filters combine all five).

The pair's URL is its first value's (in FACETS order) followed by the second
facet's folder and value slug, so each pair has one address.
"""

import posixpath
from dataclasses import dataclass, field
from itertools import combinations


@dataclass
class FacetPair:
    """Documents with two facet values: ``first`` and ``second`` are FacetValues."""

    first: object
    second: object
    url: str
    save_as: str
    contents: list = field(default_factory=list)


def facet_pairs(facets, folders):
    """Every non-empty pair of ``facets`` ([(key, heading, [FacetValue])]).

    ``folders``: {facet key: URL folder}. Returns the pairs, and sets on each
    FacetValue ``pairs``: [(key, heading, [FacetPair])] of the other facets, in
    facet order, for its page's "Lọc thêm" links.
    """
    index = {}  # (key, name) → FacetValue
    for key, _, values in facets:
        for value in values:
            index[key, value.name] = value
            value.pairs = []
    found = {}
    for (key_a, _, values_a), (key_b, _, values_b) in combinations(facets, 2):
        names_b = {id(document): value.name for value in values_b
                   for document in value.contents}
        for first in values_a:
            for document in first.contents:
                name = names_b.get(id(document))
                if name is None:
                    continue
                second = index[key_b, name]
                pair = found.get((id(first), id(second)))
                if pair is None:
                    folder = posixpath.dirname(first.save_as)
                    tail = f"{folders[key_b]}/{second.slug}/"
                    pair = found[id(first), id(second)] = FacetPair(
                        first, second, f"{first.url}{tail}",
                        f"{folder}/{tail}index.html")
                pair.contents.append(document)
    by_value = {}
    for pair in found.values():
        by_value.setdefault(id(pair.first), []).append(pair)
        by_value.setdefault(id(pair.second), []).append(pair)
    keys = {id(value): (key, heading) for key, heading, values in facets
            for value in values}
    order = {id(value): n for n, value in enumerate(
        value for _, _, values in facets for value in values)}
    for key, _, values in facets:
        for value in values:
            groups = {}
            for pair in by_value.get(id(value), []):
                other = pair.second if pair.first is value else pair.first
                groups.setdefault(keys[id(other)], []).append((other, pair))
            value.pairs = [
                (other_key, heading,
                 [pair for other, pair in sorted(
                     groups[other_key, heading], key=lambda p: order[id(p[0])])])
                for other_key, heading, _ in facets
                if (other_key, heading) in groups
            ]
    return list(found.values())
