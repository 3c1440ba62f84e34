"""The images plugin: WebP + fallback variants, no metadata, cache, errors."""

import io
import json

import pytest
import sitebuild
from images.images import variant_widths
from PIL import Image

ARTICLE = """\
    Title: Ảnh hội nghị
    Date: 09/08/2019
    Category: Hoạt động của Sở
    Summary: Bài có hai ảnh.

    Đoạn mở đầu.

    ![Ảnh thứ nhất]({static}/images/a.jpg "Chú thích ảnh thứ nhất")

    ![Ảnh thứ hai]({static}/images/b.png)
"""
PAGE = "tin-tuc/2019/08/anh-hoi-nghi/index.html"


def jpeg_with_exif(width, height, orientation=1):
    """A JPEG carrying an orientation tag, a camera model and a GPS position."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((20, 20, 200), (0, 0, width // 2, height // 4))
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x0110] = "Máy ảnh thử"  # Model
    exif[0x8825] = {1: "N", 2: (21.0, 18.0, 0.0), 3: "E", 4: (105.0, 36.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=90)
    return buffer.getvalue()


def png_with_alpha(width, height):
    image = Image.new("RGBA", (width, height), (0, 120, 0, 128))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def built(build_site, read_html):
    # a.jpg is stored sideways (1600×1000, orientation 6: rotate to 1000×1600).
    files = {
        "news/a.md": ARTICLE,
        "images/a.jpg": jpeg_with_exif(1600, 1000, 6),
        "images/b.png": png_with_alpha(700, 300),
    }
    output = build_site(files)
    return output, read_html(output / PAGE)


@pytest.mark.parametrize(
    "width, expected",
    [
        (3000, [480, 960, 1440]),
        (1440, [480, 960, 1440]),
        (800, [480, 800]),
        (480, [480]),
        (300, [300]),
    ],
)
def test_variant_widths_never_upscale(width, expected):
    assert variant_widths(width, [480, 960, 1440]) == expected


def test_variants_are_published_upright_without_exif(built):
    output, _ = built
    for name in ("a.480w.webp", "a.960w.webp", "a.960w.jpg", "a.jpg"):
        with Image.open(output / "images" / name) as image:
            assert image.width < image.height  # orientation applied
            assert not image.getexif(), name  # no EXIF, no GPS
            assert "exif" not in image.info
    with Image.open(output / "images/a.960w.jpg") as image:
        assert image.size == (960, 1536)
    with Image.open(output / "images/a.jpg") as image:
        assert image.size == (1000, 1600)
    assert not (output / "images/a.1440w.jpg").exists()  # wider than the original


def test_transparent_png_keeps_a_png_fallback(built):
    output, _ = built
    assert not (output / "images/b.960w.png").exists()  # 700 px: no upscale
    with Image.open(output / "images/b.700w.png") as image:
        assert image.mode == "RGBA"
    assert (output / "images/b.480w.webp").exists()


def test_content_images_become_pictures_with_sizes(built):
    _, page = built
    pictures = page.select(".article-body picture")
    assert len(pictures) == 2
    first, second = (p.find("img") for p in pictures)
    source = pictures[0].find("source")
    assert source["type"] == "image/webp"
    assert [c.split()[-1] for c in source["srcset"].split(", ")] == [
        "240w",
        "480w",
        "960w",
        "1000w",
    ]
    assert first["src"].endswith("images/a.960w.jpg")
    assert (first["width"], first["height"]) == ("960", "1536")
    assert "1000w" in first["srcset"]
    assert first.get("loading") is None  # the first image may be on the first screen
    assert second["loading"] == "lazy"
    assert second["src"].endswith("images/b.700w.png")  # widest up to 960 px
    assert first["alt"] == "Ảnh thứ nhất"
    assert pictures[0].parent.name == "figure"


def test_lead_image_gives_thumbnail_and_open_graph_image(built, read_html):
    output, page = built
    og = page.find("meta", property="og:image")["content"]
    assert og == "https://example.test/images/a.1000w.jpg"
    news_article = json.loads(page.find("script", type="application/ld+json").string)
    assert news_article["image"] == [og]
    listing = read_html(output / "tin-tuc/index.html")
    thumb = listing.select_one(".entry-summary .entry-thumb img")
    assert thumb["src"].endswith("images/a.960w.jpg")
    assert thumb["alt"] == ""  # the title beside it says it all


def test_unchanged_image_is_not_encoded_again(tmp_path, build_site):
    files = {
        "news/a.md": ARTICLE,
        "images/a.jpg": jpeg_with_exif(1600, 1000),
        "images/b.png": png_with_alpha(700, 300),
    }
    output = build_site(files)
    cached = {p: p.stat().st_mtime_ns for p in (tmp_path / "cache").rglob("*.webp")}
    assert len(cached) == 7  # a: 240, 480, 960, 1440; b: 240, 480, 700
    published = output / "images/a.960w.webp"
    cache_copy = next(p for p in cached if p.name == "960w.webp"
                      and p.read_bytes() == published.read_bytes())
    # A copy, never a link: editing the output must not reach the cache.
    assert published.stat().st_ino != cache_copy.stat().st_ino
    first = published.stat().st_ino
    output = build_site({})  # the same content again
    assert {p: p.stat().st_mtime_ns for p in cached} == cached
    # The unchanged output file is kept from the last build (same inode).
    assert (output / "images/a.960w.webp").stat().st_ino == first


def test_an_in_place_edit_of_the_output_reaches_neither_content_nor_cache(
        tmp_path, build_site):
    files = {"news/a.md": ARTICLE, "images/a.jpg": jpeg_with_exif(1600, 1000),
             "images/b.png": png_with_alpha(700, 300)}
    output = build_site(files)
    sources = {p: p.read_bytes() for p in (tmp_path / "content").rglob("*")
               if p.is_file()}
    cached = {p: p.read_bytes() for p in (tmp_path / "cache").rglob("*")
              if p.is_file() and p.suffix in (".jpg", ".webp")}
    pictures = [p for p in output.rglob("*") if p.suffix in (".jpg", ".webp")]
    before = {p: p.read_bytes() for p in pictures}
    for picture in pictures:  # an image optimiser writing in place
        with open(picture, "r+b") as handle:
            handle.seek(-4, 2)
            handle.write(b"\0\0\0\0")
    assert {p: p.read_bytes() for p in sources} == sources
    assert {p: p.read_bytes() for p in cached} == cached
    output = build_site({})  # the next build puts the pictures back
    assert {p: p.read_bytes() for p in pictures} == before


def test_changed_image_is_encoded_again(tmp_path, build_site):
    files = {
        "news/a.md": ARTICLE,
        "images/a.jpg": jpeg_with_exif(1600, 1000),
        "images/b.png": png_with_alpha(700, 300),
    }
    build_site(files)
    output = build_site({"images/a.jpg": jpeg_with_exif(1200, 1000)})
    with Image.open(output / "images/a.jpg") as image:
        assert image.size == (1200, 1000)
    assert (output / "images/a.1200w.webp").exists()


@pytest.mark.parametrize(
    "data, code",
    [
        (b"this is not a picture", "E-IMAGE-CORRUPT"),
        (jpeg_with_exif(800, 600)[:600], "E-IMAGE-CORRUPT"),  # truncated
    ],
)
def test_broken_image_fails_the_build_naming_it(build_site, data, code):
    files = {
        "news/a.md": ARTICLE,
        "images/a.jpg": data,
        "images/b.png": png_with_alpha(700, 300),
    }
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_site(files)
    assert any(
        code in error and "images/a.jpg" in error for error in failure.value.errors
    ), failure.value.errors


def test_oversized_image_fails_the_build(build_site):
    files = {
        "news/a.md": ARTICLE,
        "images/a.jpg": jpeg_with_exif(1600, 1000),
        "images/b.png": png_with_alpha(2000, 2000),
    }
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_site(files, IMAGES_MAX_PIXELS=3_000_000)
    errors = failure.value.errors
    assert any("E-IMAGE-TOO-LARGE" in e and "images/b.png" in e for e in errors), errors
    assert not any("images/a.jpg" in e for e in errors)


def test_decompression_bomb_fails_the_build(build_site):
    # A tiny file that would decode to 20000×20000 pixels.
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")
    files = {
        "news/a.md": ARTICLE,
        "images/a.jpg": jpeg_with_exif(800, 600),
        "images/b.png": buffer.getvalue(),
    }
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_site(files)
    assert any(
        "E-IMAGE-TOO-LARGE" in e and "images/b.png" in e for e in failure.value.errors
    )


def test_lowered_limit_also_refuses_a_cached_picture(build_site):
    files = {
        "news/a.md": ARTICLE,
        "images/a.jpg": jpeg_with_exif(1600, 1000),
        "images/b.png": png_with_alpha(700, 300),
    }
    build_site(files)
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_site({}, IMAGES_MAX_PIXELS=1_000_000)
    errors = failure.value.errors
    assert any("E-IMAGE-TOO-LARGE" in e and "images/a.jpg" in e for e in errors)
