"""What kind of file may sit in the content folder (E-SYMLINK, E-STATIC-TYPE,
E-FILE-NAME).

A symbolic link anywhere under ``content/`` could publish any file of the build
machine (a link to ``/etc``), so every link is refused, file or folder, and never
followed; :func:`find_symlinks` is also run by the build before Pelican reads
anything. Besides Markdown, only the types in ``output_guard.paths.STATIC_ALLOWED``
(pictures, PDF and office documents) may be published: HTML, SVG, JavaScript and
any other type could run in a reader's browser under the site's own origin. A
file or folder name may hold no control character: a bidi control (U+202E makes
``cong-van\u202efdp.doc`` display as ``cong-vancod.pdf``), a line feed or an escape
character would be published in a download's name and address.
"""

import os
import re
from pathlib import Path

from output_guard.paths import STATIC_ALLOWED, static_type_allowed
from source_errors import ContentError, finding

from .controls import CONTROL, describe
from .registry import rule

NAME_CONTROL = re.compile(f"[\t\n\r]|{CONTROL.pattern}")


def symlink_message(path):
    try:
        points_to = str(Path(path).readlink())
    except OSError:
        points_to = "?"
    return (f"là liên kết tượng trưng (symlink) tới '{points_to}'; trang không xuất "
            "bản liên kết: chép tệp thật vào content/ hoặc xóa liên kết")


def find_symlinks(content_root):
    """ContentError E-SYMLINK for every link below ``content_root`` (not followed)."""
    errors = []
    for directory, subdirs, files in os.walk(content_root):
        for name in sorted(subdirs + files):
            path = Path(directory) / name
            if path.is_symlink():
                errors.append(ContentError("E-SYMLINK", path, None,
                                           symlink_message(path)))
    return errors


@rule("E-SYMLINK", "E-STATIC-TYPE")
def only_real_files_of_allowed_types(source, context):
    if source.kind == "symlink":
        yield finding("E-SYMLINK", source, None, symlink_message(source.path))
    elif source.kind != "markup" and not static_type_allowed(source.path.name):
        yield finding(
            "E-STATIC-TYPE", source, None,
            f"loại tệp '{source.path.suffix or source.path.name}' không được xuất bản "
            "(HTML, SVG, JavaScript và các loại khác có thể chạy mã trong trình duyệt "
            "của người đọc); chỉ dùng ảnh và tài liệu: "
            + ", ".join(sorted(STATIC_ALLOWED)),
        )


@rule("E-FILE-NAME")
def file_names_without_control_characters(source, context):
    match = NAME_CONTROL.search(source.relpath)
    if match:
        yield finding(
            "E-FILE-NAME", source, None,
            f"tên tệp chứa ký tự ẩn {describe(match.group())}: tên hiện ra có "
            "thể khác tên thật (đuôi .doc đọc thành .pdf) và đi vào địa chỉ tải "
            "về; đổi tên tệp (hoặc thư mục), chỉ dùng chữ, số, '-' và '.'",
        )
