"""Images too heavy for the site (E-IMAGE-FILE-SIZE, E-IMAGE-DIMENSIONS,
E-IMAGE-CORRUPT), and illustrations captioned as a real person (E-ILLUSTRATION-PERSON).

Settings: ``CHECK_MAX_IMAGE_BYTES`` (default 2 MiB), ``CHECK_MAX_IMAGE_WIDTH`` and
``CHECK_MAX_IMAGE_HEIGHT`` (default 4000 pixels). Only the image header is read.
These are editorial limits for `invoke check` (which `make html` runs first); during
the build itself the images plugin refuses what it cannot decode safely
(E-IMAGE-CORRUPT, E-IMAGE-TOO-LARGE), so the rule stays out of the build.
"""

import re

from PIL import Image, UnidentifiedImageError
from source_errors import finding

from .registry import rule


@rule("E-IMAGE-FILE-SIZE", "E-IMAGE-DIMENSIONS", "E-IMAGE-CORRUPT", editorial=True)
def images_fit(source, context):
    if source.kind != "static":
        return
    limit = context.setting("CHECK_MAX_IMAGE_BYTES")
    size = source.path.stat().st_size
    if limit and size > limit:
        yield finding(
            "E-IMAGE-FILE-SIZE", source, None,
            f"ảnh nặng {size / 1048576:.1f} MB, quá giới hạn "
            f"{limit / 1048576:.1f} MB (CHECK_MAX_IMAGE_BYTES); hãy thu nhỏ hoặc nén "
            "ảnh (JPEG chất lượng 80-85)",
        )
    max_width = context.setting("CHECK_MAX_IMAGE_WIDTH")
    max_height = context.setting("CHECK_MAX_IMAGE_HEIGHT")
    try:
        with Image.open(source.path) as image:
            width, height = image.size
    except Image.DecompressionBombError as error:
        yield finding(
            "E-IMAGE-DIMENSIONS", source, None,
            f"ảnh quá nhiều điểm ảnh để giải mã an toàn ({error}); hãy thu nhỏ ảnh",
        )
        return
    except (UnidentifiedImageError, OSError):
        if context.in_build:  # the images plugin reports it during the build
            return
        yield finding(
            "E-IMAGE-CORRUPT", source, None,
            "không đọc được tệp ảnh (hỏng hoặc sai đuôi tệp); hãy xuất lại ảnh",
        )
        return
    if (max_width and width > max_width) or (max_height and height > max_height):
        yield finding(
            "E-IMAGE-DIMENSIONS", source, None,
            f"ảnh {width}×{height} điểm ảnh, vượt {max_width}×{max_height} "
            "(CHECK_MAX_IMAGE_WIDTH/HEIGHT); hãy thu nhỏ ảnh",
        )


# A picture marked {: .illustration} stands in for a missing photo (a drawing, a
# generated or stock picture): its caption says what it shows, never a named person
# doing something, which readers would take for a photograph of them.
_ILLUSTRATION = re.compile(r'!\[[^\]]*\]\([^)"]*"(?P<title>[^"]*)"\s*\)\s*'
                           r'\{:[^}]*\.illustration\b[^}]*\}')
_NAMED_PERSON = re.compile(
    r"(?i:đồng chí|ông|bà|anh|chị|gs\.|pgs\.|ts\.|ths\.|bác sĩ|kỹ sư)\s+"
    r"(?P<name>[A-ZĐÀ-Ỹ]\w*(?:\s+[A-ZĐÀ-Ỹ]\w*)+)")


# E-ILLUSTRATION-PERSON: an illustration's caption names a real person.
@rule("E-ILLUSTRATION-PERSON")
def illustrations_not_captioned_as_people(source, context):
    if source.kind != "markup" or source.text is None:
        return
    for number, line in source.body_lines():
        for match in _ILLUSTRATION.finditer(line):
            person = _NAMED_PERSON.search(match["title"])
            # The range À-Ỹ holds small letters too: a name is its capitalised words.
            words = person["name"].split() if person else []
            words = words[:next((i for i, w in enumerate(words) if not w[0].isupper()),
                                len(words))]
            if len(words) >= 2:
                named = match["title"][person.start():person.start("name")] + " ".join(
                    words)
                yield finding(
                    "E-ILLUSTRATION-PERSON", source, number,
                    f"ảnh minh họa (hình vẽ, ảnh thay thế) được chú thích như ảnh "
                    f"chụp '{named}': chú thích điều hình thật sự cho thấy, "
                    "hoặc thay bằng ảnh chụp thật rồi bỏ '{: .illustration}'",
                )
