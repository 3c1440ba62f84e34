"""Editorial rules: what `make new-article` leaves for the editor to fill in.

`new-article` and `new-bulletin` write a placeholder body so the file is complete;
a file whose body still holds it is an error (E-PLACEHOLDER), in the checker and in
every build, so it can never be published as is (a draft would be too easy to
forget to switch on; an error names the file and line and says what to do). A
published news article without ``Author:`` is an error of the checker (which `make
html`, the pre-commit hook and `make publish` run), E-AUTHOR-MISSING: readers and
feeds show the by-line. Builds alone (tests, the preview) do not require it.
"""

from source_errors import finding

from .registry import rule

# Written by editorial.new_content; the rule and the command share these strings.
ARTICLE_PLACEHOLDER = "Viết nội dung bài ở đây."
BULLETIN_PLACEHOLDER = "Lời giới thiệu số bản tin ở đây."
PLACEHOLDERS = (ARTICLE_PLACEHOLDER, BULLETIN_PLACEHOLDER)


def _markup(source):
    return (source.kind == "markup" and source.text is not None
            and source.content_type is not None)


@rule("E-PLACEHOLDER")
def placeholder_replaced(source, context):
    if not _markup(source):
        return
    for number, line in source.body_lines():
        for placeholder in PLACEHOLDERS:
            if placeholder in line:
                yield finding(
                    "E-PLACEHOLDER", source, number,
                    f"nội dung vẫn là câu mẫu '{placeholder}' do lệnh tạo bài viết "
                    "ra; thay bằng nội dung thật",
                )


@rule("E-AUTHOR-MISSING", editorial=True)
def articles_have_an_author(source, context):
    if not _markup(source) or source.content_type.name != "article":
        return
    if (source.value("status") or "published").lower() in ("draft", "hidden"):
        return
    if not (source.value("author") or source.value("authors")):
        empty = source.first("author") or source.first("authors")  # "Author: "
        yield finding(
            "E-AUTHOR-MISSING", source, empty.line if empty else 1,
            "bài chưa có 'Author:' (tên người viết, hiện cuối bài và trong RSS); "
            "thêm dòng 'Author: Họ Tên' vào phần đầu tệp",
        )
