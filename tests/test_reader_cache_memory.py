"""The saved reader caches are let go, with the UTF-8 copies pickling left in bodies."""

import pickle
import sys
from types import SimpleNamespace

from editor_html.reader_cache import release_reader_caches

BODY = "<p>Sở Khoa học và Công nghệ tổ chức hội nghị triển khai nhiệm vụ năm.</p>" * 50


def generator_with(body, other):
    article = SimpleNamespace(_content=body)
    unrelated = SimpleNamespace(_content=other)
    readers = SimpleNamespace(_cache={"news/a.md": (b"stamp", (body, {"title": "A"}))})
    return SimpleNamespace(readers=readers, articles=[article], dates=[article],
                           pages=[unrelated]), article, unrelated


def test_bodies_lose_the_utf8_copy_and_the_cache_is_emptied():
    body = BODY[:1] + BODY[1:]
    other = BODY[:2] + BODY[2:]
    generator, article, unrelated = generator_with(body, other)
    plain_size = sys.getsizeof(body)
    pickle.dumps(generator.readers._cache)  # what Readers.save_cache does
    assert sys.getsizeof(body) > plain_size  # the pickler left its UTF-8 copy

    release_reader_caches([generator])

    assert article._content == BODY and article._content is not body
    assert sys.getsizeof(article._content) == plain_size
    assert unrelated._content is other  # not from this cache: left alone
    assert generator.readers._cache == {}


def test_generators_without_a_reader_cache_are_left_alone():
    empty = SimpleNamespace(readers=SimpleNamespace(_cache={}), articles=[])
    static = SimpleNamespace(staticfiles=[])
    release_reader_caches([empty, static])
    assert empty.readers._cache == {}
