"""Search keys for Vietnamese text: what a reader may type for a written word.

Pagefind already matches a word with or without its accents ("tim kiem" finds
"tìm kiếm") but not đ, which Unicode does not decompose into d plus a mark. So the
index gets, besides the real text, a copy of every word that holds a đ with only
đ→d folded ("Đảng" → "Dảng"): pagefind then folds the remaining accents itself,
and an exact "dảng" still ranks above a bare "dang".
"""

import html
import re
import unicodedata

_D_FOLD = str.maketrans({"đ": "d", "Đ": "D"})
# Blocks that separate words even when the HTML has no whitespace between them.
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|figure|figcaption"
    r"|section|article|header|footer|pre|dt|dd|hr)\b[^>]*>",
    re.IGNORECASE,
)
_INVISIBLE = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.IGNORECASE | re.S)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def fold_d(text):
    """Fold đ/Đ to d/D and nothing else."""
    return text.translate(_D_FOLD)


def html_to_text(markup):
    """Readable text of an HTML fragment: tags dropped, entities decoded, NFC.

    A regular expression is enough here: the fragment is Markdown output we made,
    and the text only feeds the index, so no second full HTML parse is needed.
    """
    text = _INVISIBLE.sub(" ", markup or "")
    text = _BLOCK_TAG.sub(" ", text)
    text = html.unescape(_TAG.sub("", text))
    return unicodedata.normalize("NFC", _SPACE.sub(" ", text).strip())


def d_folded_words(text):
    """The words of ``text`` that contain đ, folded to d, in order, one per word.

    Order and count matter: search.js maps the n-th of these back to the n-th
    đ-word of the text to highlight the real spelling in the excerpt.
    """
    return [fold_d(word) for word in text.split() if "đ" in word or "Đ" in word]
