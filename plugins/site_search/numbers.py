"""The spellings of a document's number (số/ký hiệu) that a reader may type.

A citizen types what is printed on the paper in front of them, or what they
remember of it: "27/2025/QĐ-UBND", "27/2025", "QĐ 27", "27/QĐ-UBND" (the form
without the year that administrative documents use), "QĐ-UBND 27", "qd-ubnd 27",
"27-2025". Pagefind indexes a word with punctuation as the whole word without it
("27qđubnd") and as its letter/digit runs ("27", "qđ", "ubnd"), and searches a
typed word the same way; a spelling finds the document when some indexed word
starts with it. So the record carries each arrangement of the number's parts
(number, year, symbol; with đ and with d) as its own word, in a field that
Pagefind weighs above any text: the document is the first result for its number,
ahead of a news article that only mentions it.
"""

import re

# "27/2025/QĐ-UBND", "05/KH-SKHCN", "312/SKHCN-QLCN", "15a/2024/TT-BKHCN".
_NUMBER = re.compile(
    r"^\s*(?P<serial>\d+[a-zA-Z]?)\s*(?:/\s*(?P<year>(?:19|20)\d\d))?\s*/\s*"
    r"(?P<symbol>\S.*?)\s*$"
)
# Pagefind's weight for the field: its highest (the page title has 7).
WEIGHT = 10


def number_spellings(number):
    """Words that index ``number`` in every arrangement a reader may type.

    A number that is not "serial[/year]/symbol" is indexed as written. The words
    keep đ: the record's folded copies (``folding``) add the d spellings.
    """
    text = " ".join(str(number or "").split())
    if not text:
        return []
    match = _NUMBER.match(text)
    if match is None:
        forms = [text, text.replace(" ", "")]
    else:
        serial, year = match["serial"], match["year"]
        symbol = match["symbol"].replace(" ", "")
        forms = [f"{serial}/{year}/{symbol}" if year else f"{serial}/{symbol}",
                 f"{serial}/{symbol}", f"{symbol}/{serial}", f"{symbol}{serial}"]
        if year:
            forms += [f"{serial}/{year}", f"{serial}-{year}", f"{symbol}/{year}",
                      f"{symbol}/{serial}/{year}"]
    # Forms with đ only: the record adds the đ→d copy of every đ-word itself.
    return list(dict.fromkeys(forms))
