"""plugins/frozen_urls: the url and save_as kept at all_generators_finalized are still
what Pelican computes once every page is written."""

from frozen_urls import frozen_urls
from pelican import signals
from pelican.contents import Static

FILES = {
    "news/2019/a.md": "Title: Hội nghị\nDate: 09/08/2019 08:00\nCategory: Thanh tra\n\nNội dung.\n",
    "news/2020/b.md": "Title: Tin năm mới\nDate: 15/01/2020\nCategory: Thanh tra\n"
                      "Slug: tin-nam-moi\n\nNội dung.\n",
    "news/2020/c.md": "Title: Bản nháp\nDate: 16/01/2020\nCategory: Thanh tra\n"
                      "Status: draft\n\nNội dung.\n",
    "pages/gioi-thieu.md": "Title: Giới thiệu\n\nVề Sở.\n",
    "pages/an.md": "Title: Trang ẩn\nStatus: hidden\n\nVề Sở.\n",
    "qa/do-luong.md": """
        Title: Hỏi về đo lường?
        Question: Cân điện tử có phải kiểm định không?
        Asker: Trần Thị B.
        Locality: Vĩnh Yên
        Asked: 01/02/2020
        Field: Tiêu chuẩn - Đo lường - Chất lượng
        Answerer: Chi cục Tiêu chuẩn Đo lường Chất lượng
        Date: 03/02/2020

        Có.
        """,
}


def fresh(item, key):
    """What Pelican computes for ``item.<key>`` without the kept value."""
    kept = vars(item).pop(f"override_{key}")
    try:
        return getattr(item, key)
    finally:
        setattr(item, f"override_{key}", kept)


def test_kept_addresses_equal_fresh_ones_after_the_build(build_site):
    seen = {}

    def keep_generators(generators):
        seen["generators"] = generators

    def compare(pelican):
        items = list(frozen_urls.generator_contents(seen["generators"]))
        frozen = [item for item in items
                  if all(f"override_{key}" in vars(item) for key in frozen_urls.KEYS)]
        seen["frozen"] = len(frozen)
        seen["statics_frozen"] = sum(isinstance(item, Static) for item in frozen)
        seen["differ"] = [
            (item.source_path, key, getattr(item, key))
            for item in frozen
            for key in frozen_urls.KEYS
            if getattr(item, key) != fresh(item, key)
        ]
        seen["kinds"] = {type(item).__name__ for item in frozen}

    signals.all_generators_finalized.connect(keep_generators)
    signals.finalized.connect(compare)
    build_site(FILES)
    assert {"Article", "Page", "QAEntry"} <= seen["kinds"]
    assert seen["frozen"] == len(FILES)
    assert seen["statics_frozen"] == 0
    assert seen["differ"] == []


def test_a_url_setting_naming_a_formatted_field_is_not_frozen():
    class Item:
        settings = {"FORMATTED_FIELDS": ["summary"],
                    "ITEM_URL": "{slug}/", "ITEM_SAVE_AS": "{summary}/index.html"}

    class Other:
        settings = {"FORMATTED_FIELDS": ["summary"],
                    "OTHER_URL": "{date:%Y}/{slug}/", "OTHER_SAVE_AS": "{slug}.html"}

    assert frozen_urls.names_formatted_field(Item())
    assert not frozen_urls.names_formatted_field(Other())
