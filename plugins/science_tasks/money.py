"""Amounts of money the Vietnamese way: "3.521 triệu đồng", "850,5 triệu đồng".

Dots group thousands, a comma marks decimals (TCVN, and every provincial decision).
Editors write a budget in đồng, with or without the dots (``3521000000`` or
``3.521.000.000``); :func:`parse_vnd` reads both and refuses anything else, and
:func:`vn_budget` shows it in millions, the unit decisions on science tasks use.
"""

import re

# Whole đồng: digits, optionally grouped by dots (or spaces) in threes.
_AMOUNT = re.compile(r"[0-9]{1,3}(?:[. ][0-9]{3})+|[0-9]+", re.ASCII)


class AmountError(ValueError):
    """The text is not a whole number of đồng."""


def parse_vnd(text):
    """``3.521.000.000`` or ``3521000000`` → 3521000000; AmountError otherwise."""
    value = " ".join(str(text or "").split())
    if value.lower().endswith("đồng"):
        value = value[: -len("đồng")].strip()
    if not _AMOUNT.fullmatch(value):
        raise AmountError(
            f"kinh phí '{text}' phải là số tiền bằng đồng, viết liền hoặc có dấu chấm "
            "ngăn hàng nghìn (ví dụ 3521000000 hoặc 3.521.000.000)")
    return int(value.replace(".", "").replace(" ", ""))


def group_thousands(number):
    """3521 → '3.521'"""
    return f"{number:,}".replace(",", ".")


def vn_budget(amount):
    """3521000000 → '3.521 triệu đồng'; 850500000 → '850,5 triệu đồng';
    under a million: '500.000 đồng'."""
    if amount < 1_000_000:
        return f"{group_thousands(amount)} đồng"
    millions, thousands = divmod(round(amount / 1000), 1000)  # three decimals
    text = group_thousands(millions)
    decimals = f"{thousands:03d}".rstrip("0")
    if decimals:
        text += "," + decimals
    return f"{text} triệu đồng"
