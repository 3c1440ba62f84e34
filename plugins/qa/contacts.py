"""Citizens' contact details in Q&A entries: one detector for the checker and the build.

A question is published with the asker's name and locality; their phone number or
e-mail address must stay in the department's records, never on the site and never in
the repository. People write them in every way they can think of, and pasted text
adds fullwidth characters and invisible ones, so the text is *normalised* before
anything is matched:

- NFKC (fullwidth ``０９１２`` and ``＠``, ``．`` become ASCII), case folded, zero-width
  characters and soft hyphens removed;
- letters standing for digits next to digits (``O912 345 678``, ``09l2...``: o, l, i);
- any run of separators between digit groups: spaces, dots, dashes, slashes,
  parentheses, underscores, ``+``;
- dates (09/08/2019, 08/2019, 2019-08-09) are taken out first, so that two dates side
  by side never read as a phone number.

Phone numbers: mobile ``0[35789]`` + 8 digits, the old 11-digit ``01[2689]`` mobiles,
landlines ``02`` + 9 digits (and the old 10-digit ``04``), each also after ``84``,
``+84`` or ``0084`` (with or without the leading 0). Only whole digit groups are
joined, so a number inside a longer one (a barcode, an account number, a sum of
money) is not taken for a phone. E-mail addresses: ``@`` in any spelling (``＠``,
``(at)``, ``[at]``, ``(a)``, ``a còng``, a bare ``at`` when a dot follows), dots as
``.``, ``dot``, ``chấm`` (bracketed or not); the top-level domain may be missing
when the ``@`` is explicit (``nguyenvana@gmail``).

The department's own published contacts are not the asker's: ``PORTAL_PHONE``,
``PORTAL_FAX``, ``PORTAL_EMAIL`` and ``QA_PUBLIC_CONTACTS`` (its units' numbers and
addresses an answer may give) are allowed anywhere.

:func:`contact_errors` checks one Q&A file (every front-matter field except dates and
fixed values, each physical line and each continued value; the answer body, line by
line and paragraph by paragraph; hence ``Slug:`` and ``Summary:`` too) and yields
``E-QA-CONTACT`` errors with their lines. The qa plugin calls it during the build,
``content_check/privacy.py`` for ``invoke check`` and the pre-commit hook.
"""

import re
import unicodedata

from source_errors import ContentError

from .personal_data import KINDS as PERSONAL_KINDS
from .personal_data import find_personal_data, rendered_texts, undisguise

# Fields holding dates or fixed values, never free text.
NOT_TEXT_FIELDS = {"date", "modified", "asked", "status", "lang", "template", "field",
                   "translation"}
CONTACT_SETTINGS = ("PORTAL_PHONE", "PORTAL_FAX", "PORTAL_EMAIL")

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"))
_DOTS = str.maketrans(dict.fromkeys("\u3002\u2024\u00b7\u30fb\uff65", "."))
_LOOKALIKES = str.maketrans("oli", "011")
_DIGITISH = re.compile(r"[oli]*\d[\doli]*")
_SEPARATOR = r"[\s.,\-/()\[\]_+\u2010-\u2015\u2212]"
_DIGIT_RUN = re.compile(rf"\d+(?:{_SEPARATOR}{{1,4}}\d+)*")
# A date, with one separator used throughout, not part of a longer group of numbers.
_DATE = re.compile(
    r"(?<![\d.\-/])(?:"
    r"(?P<d>[0-3]?\d)(?P<s>[/.\-])(?P<m>[01]?\d)(?P=s)(?P<y>(?:19|20)\d\d|\d\d)"
    r"|(?P<y2>(?:19|20)\d\d)(?P<s2>[/.\-])(?P<m2>[01]?\d)(?P=s2)(?P<d2>[0-3]?\d)"
    r"|(?P<m3>[01]?\d)(?P<s3>[/.\-])(?P<y3>(?:19|20)\d\d)"
    r"|(?P<d4>[0-3]?\d)/(?P<m4>[01]?\d)"
    r")(?![.\-/]?\d)"
)
_MONEY_AFTER = re.compile(
    r"\s*(?:đồng|đ\b|vnđ|vnd|usd|triệu|tỷ|tỉ|nghìn|ngàn|%|kg|tấn|ha\b|m2|km|lít)")
_NATIONAL = re.compile(r"(?:[35789]\d{8}|1[2689]\d{8}|2\d{9}|4\d{8})")

# "@" written tight or bracketed is explicit: the top-level domain may be missing
# (nguyenvana@gmail). Spaced out or spelled as a word it needs a dot and a TLD.
_AT_EXPLICIT = r"(?:@|\s*[(\[{<]\s*(?:@|at|a|a\s*còng|a\s*cong)\s*[)\]}>]\s*)"
_AT_SPACED = r"(?:\s+@\s*|\s*@\s+|\s+(?:at|a\s*còng|a\s*cong)\s+)"
_DOT = (r"(?:\s*\.\s*|\s*[(\[{<]\s*(?:\.|dot|chấm|cham)\s*[)\]}>]\s*"
        r"|\s+(?:dot|chấm)\s+)")
_LOCAL = r"(?<![\w.%+-])\w(?:[\w.%+-]*\w)?"
_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_EMAIL = re.compile(
    rf"(?P<local>{_LOCAL})"
    rf"(?:{_AT_EXPLICIT}(?P<domain>{_LABEL}(?:{_DOT}{_LABEL})*)"
    rf"|{_AT_SPACED}(?P<spelled>{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}[a-z]{{2,}}))(?!\w)"
)


def _fold(text):
    """The text as matched: NFKC, case folded, invisibles out, o/l/i by digits read
    as digits. Length-preserving only per character; see :func:`normalise`."""
    text = unicodedata.normalize("NFKC", text.translate(_DOTS)).translate(_INVISIBLE)
    return _DIGITISH.sub(lambda m: m.group().translate(_LOOKALIKES), text.casefold())


def normalise(text):
    """``(folded text, index map)``: each folded character's index in ``text``.

    Character by character, so that a match can be shown as it was written; about
    ten times slower than :func:`_fold`, hence only used once something is found.
    """
    chars, where = [], []
    for index, char in enumerate(text):
        for out in _fold_char(char):
            chars.append(out)
            where.append(index)
    folded = _DIGITISH.sub(lambda m: m.group().translate(_LOOKALIKES), "".join(chars))
    return folded, where


def _fold_char(char):
    return unicodedata.normalize("NFKC", char.translate(_DOTS)).translate(
        _INVISIBLE).casefold()


def _canonical_phone(digits, plus=False):
    """The number as 0 + national digits, or None when ``digits`` is not a phone."""
    for prefix in ("0084", "84"):
        if digits.startswith(prefix):
            national = digits[len(prefix):]
            national = national[1:] if national.startswith("0") else national
            if _NATIONAL.fullmatch(national):
                return "0" + national
    if not plus and digits.startswith("0") and _NATIONAL.fullmatch(digits[1:]):
        return digits
    return None


def _phones(folded):
    """(start, end, canonical) of every phone number in the folded text."""
    blanked = _DATE.sub(lambda m: "|" * len(m.group()), folded)
    for run in _DIGIT_RUN.finditer(blanked):
        groups = [(m.start() + run.start(), m.end() + run.start())
                  for m in re.finditer(r"\d+", run.group())]
        for first, (start, _) in enumerate(groups):
            digits = ""
            for end_index in range(first, len(groups)):
                digits += blanked[groups[end_index][0]:groups[end_index][1]]
                if len(digits) > 14:
                    break
                end = groups[end_index][1]
                plus = "+" in blanked[max(0, start - 3):start]
                canonical = _canonical_phone(digits, plus)
                if canonical is None or _looks_like_money(blanked, start, end, digits,
                                                          plus):
                    continue
                if plus:  # show the number as written, "+84 ..."
                    start = blanked.rindex("+", 0, start)
                yield start, end, canonical
                break


def _looks_like_money(text, start, end, digits, plus):
    """84.912.345.678 đồng is a sum; 0912.345.678 never is (no sum starts with 0)."""
    if plus or digits.startswith("0"):
        return False
    if _MONEY_AFTER.match(text, end):
        return True
    return bool(re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", text[start:end]))


def _canonical_email(match):
    """local@domain.tld whatever the spelling of ``@`` and of the dots."""
    domain = match["domain"] or match["spelled"]
    return match["local"] + "@" + ".".join(re.split(_DOT, domain))


def allowed_contacts(settings):
    """The department's own published numbers and addresses, canonical."""
    values = [settings.get(name) for name in CONTACT_SETTINGS]
    values += list(settings.get("QA_PUBLIC_CONTACTS") or ())
    allowed = set()
    for value in filter(None, values):
        folded, _ = normalise(str(value))
        allowed.update(canonical for _, _, canonical in _phones(folded))
        allowed.update(map(_canonical_email, _EMAIL.finditer(folded)))
    return allowed


def _spans(folded, allowed):
    spans = [(m.start(), m.end()) for m in _EMAIL.finditer(folded)
             if _canonical_email(m) not in allowed]
    spans += [(start, end) for start, end, canonical in _phones(folded)
              if canonical not in allowed]
    return sorted(spans)


def find_contact_details(text, allowed=frozenset()):
    """The first phone number or e-mail address in ``text`` (as written), or None.

    Also when hidden by entities, Markdown escapes or marks, or %-encoding
    (``personal_data.undisguise``): then shown as a reader would read it.
    """
    found = _find_contact(text, allowed)
    if found is None:
        plain = undisguise(text)
        if plain != text:
            found = _find_contact(plain, allowed)
    return found


def _find_contact(text, allowed):
    folded = _fold(text)
    spans = _spans(folded, allowed)
    if not spans:
        return None
    mapped, where = normalise(text)
    exact = _spans(mapped, allowed)
    if not exact:  # NFKC joined characters differently one by one: show it folded
        start, end = spans[0]
        return folded[start:end].strip()
    start, end = exact[0]
    return text[where[start]:where[end - 1] + 1].strip()


def _front_matter_groups(source):
    """Per text field: its physical lines [(line, text)] and its key's line."""
    lines = dict(source.lines())
    ends = [f.line for f in source.fields[1:]] + [source.body_start]
    for item, next_line in zip(source.fields, ends[:len(source.fields)], strict=True):
        if item.key in NOT_TEXT_FIELDS:
            continue
        physical = [(item.line, lines.get(item.line, "").split(":", 1)[-1])]
        physical += [(number, lines.get(number, ""))
                     for number in range(item.line + 1, next_line)]
        yield item.key, physical


def _body_groups(source):
    """Per paragraph of the body: its lines [(line, text)]."""
    paragraph = []
    for number, line in [*source.body_lines(skip_code=False), (None, "")]:
        if line.strip():
            paragraph.append((number, line))
        elif paragraph:
            yield None, paragraph
            paragraph = []


def contact_errors(source, settings):
    """E-QA-CONTACT and E-QA-PERSONAL for each line of a Q&A ``source``
    (content_check SourceFile): in the source text, then in what a reader gets of
    each field and paragraph once rendered (its text and every link)."""
    if source.text is None:
        return
    allowed = allowed_contacts(settings)

    def find(text):
        what = find_contact_details(text, allowed)
        return ("contact", what) if what else find_personal_data(text)

    for key, physical in [*_front_matter_groups(source), *_body_groups(source)]:
        found = [(line, find(text)) for line, text in physical]
        found = [(line, what) for line, what in found if what]
        joined = " ".join(text.strip() for _, text in physical)
        if not found and len(physical) > 1:
            # A number or address split over two lines of one value or paragraph.
            what = find(joined)
            found = [(physical[0][0], what)] if what else []
        if not found:
            # Spelled so that only the page shows it (a link, an entity).
            what = find(rendered_texts(joined, settings))
            found = [(physical[0][0], what)] if what else []
        for line, (kind, what) in found:
            yield _error(source, key, line, kind, what)


def _error(source, key, line, kind, found):
    where = f"trường '{key}'" if key else "nội dung trả lời"
    if kind != "contact":
        label, remedy = PERSONAL_KINDS[kind]
        return ContentError(
            "E-QA-PERSONAL", source.path, line,
            f"{where} sẽ hiện công khai nhưng chứa {label} ('{found}'): {remedy}. "
            "Dữ liệu cá nhân của người hỏi không được công bố (Nghị định "
            "13/2023/NĐ-CP, Luật Bảo vệ dữ liệu cá nhân)",
        )
    return ContentError(
        "E-QA-CONTACT", source.path, line,
        f"{where} sẽ hiện công khai nhưng chứa thông tin liên hệ ('{found}'); "
        "không công bố thư điện tử, số điện thoại của người hỏi: chỉ giữ họ tên "
        "(hoặc chữ viết tắt) và địa phương. Số, thư của chính Sở: ghi trong "
        "PORTAL_PHONE/PORTAL_FAX/PORTAL_EMAIL hoặc QA_PUBLIC_CONTACTS",
    )
