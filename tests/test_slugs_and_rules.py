"""ASCII URLs from Vietnamese titles; refusals for unknown categories and URL clashes."""

import pytest
from pelican.utils import slugify
from pelican.settings import read_settings

import sitebuild
from conftest import ROOT


@pytest.fixture(scope="module")
def slug_subs():
    return read_settings(str(ROOT / "pelicanconf.py"))["SLUG_REGEX_SUBSTITUTIONS"]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2019",
         "so-ket-cong-tac-xay-dung-dang-6-thang-dau-nam-2019"),
        ("Bản tin số 3/2019", "ban-tin-so-3-2019"),
        ("Kế hoạch số 32-KH/ĐU", "ke-hoach-so-32-kh-du"),
        ("TCVN ISO 9001:2015 – cơ quan hành chính", "tcvn-iso-9001-2015-co-quan-hanh-chinh"),
        ("Đường mới", "duong-moi"),
    ],
)
def test_slugs_are_ascii(slug_subs, title, slug):
    assert slugify(title, regex_subs=slug_subs) == slug


def article(title, category="Thanh tra", date="01/02/2020"):
    return f"Title: {title}\nDate: {date}\nCategory: {category}\n\nNội dung.\n"


def test_article_url_uses_the_ascii_slug(build_site):
    output = build_site({"news/a.md": article("Đo lường – chất lượng đạt chuẩn")})
    assert (output / "tin-tuc/2020/02/do-luong-chat-luong-dat-chuan/index.html").exists()


def test_colliding_slugs_name_both_files(build_site):
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_site({
            "news/a.md": article("Đường mới"),
            "news/b.md": article("Dương mới"),
        })
    message = str(failure.value)
    assert "[E-URL-COLLISION]" in message
    assert "news/a.md:1" in message and "news/b.md" in message


def test_unknown_category_is_refused_with_its_line(build_site):
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_site({"news/a.md": article("Tin thử", category="Linh tinh")})
    assert "news/a.md:3: [E-CATEGORY-UNKNOWN]" in str(failure.value)
    assert "Linh tinh" in str(failure.value)


def test_missing_category_is_refused(build_site):
    with pytest.raises(sitebuild.BuildFailed, match=r"E-CATEGORY-MISSING"):
        build_site({"news/a.md": "Title: Tin thử\nDate: 01/02/2020\n\nNội dung.\n"})


def test_every_error_is_reported_in_one_run(build_site):
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_site({
            "news/a.md": article("Tin một", category="Linh tinh"),
            "news/b.md": article("Tin hai", date="2020/02/01"),
        })
    message = str(failure.value)
    assert "E-CATEGORY-UNKNOWN" in message and "E-DATE" in message
