"""Rules on the bytes and Unicode form of Markdown files (E-UTF8, E-NFC)."""

import unicodedata

from source_errors import finding

from .registry import rule


@rule("E-UTF8", in_build=False)  # the build refuses it when reading the file
def valid_utf8(source, context):
    """Text must be UTF-8: anything else shows as garbage on the site."""
    if source.kind != "markup" or source.text is not None:
        return
    try:
        source.raw.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start
        line = source.raw.count(b"\n", 0, offset) + 1
        yield finding(
            "E-UTF8", source, line,
            f"tệp không phải mã UTF-8 (byte thứ {offset}: "
            f"0x{source.raw[offset]:02x}); hãy lưu lại tệp với bảng mã UTF-8",
        )


@rule("E-NFC")
def text_is_nfc(source, context):
    """Vietnamese text must be precomposed (NFC), or search and slugs break."""
    if source.text is None or unicodedata.is_normalized("NFC", source.text):
        return
    for number, line in source.lines():
        if not unicodedata.is_normalized("NFC", line):
            yield finding(
                "E-NFC", source, number,
                "chữ tiếng Việt ở dạng tổ hợp (không phải NFC), thường do dán từ "
                "Word/PDF; chạy 'make check FIX=1' để chuẩn hóa",
            )
            return
