"""Reading and checking a content's front matter: what the portal types share.

Documents and science tasks read each file's fields once, with findings (file and
line), for both the checker and the build (``documents.fields``,
``science_tasks.fields``). The small steps they have in common live here:
:func:`field_reader` (a field's value, whitespace collapsed, and its line),
:func:`check_vocabularies` (a field whose values are a configured list) and
:func:`duplicate_findings` (an identifier that must be unique across the corpus).

Signals, templates: none. Settings: whichever the caller's vocabularies name.
"""

from source_errors import display_path, finding


def clean(text):
    """``text`` with its whitespace collapsed, or None when nothing is left."""
    return " ".join(str(text or "").split()) or None


def field_reader(source):
    """``(value, line)``: ``value(key)`` is the field's cleaned value (or None) and
    ``line(key)`` its first line (1 when absent: the finding points at the top)."""
    def value(key):
        return clean(source.value(key))

    def line(key):
        first = source.first(key)
        return first.line if first else 1

    return value, line


def check_vocabularies(source, settings, vocabularies, fields, findings):
    """Set each vocabulary field on ``fields``; a value outside its configured list
    is a finding. ``vocabularies``: key → (setting, code, Vietnamese name); an empty
    setting allows any value."""
    value, line = field_reader(source)
    for key, (setting, code, label) in vocabularies.items():
        setattr(fields, key, value(key))
        allowed = settings.get(setting) or []
        if value(key) and allowed and value(key) not in allowed:
            findings.append(finding(
                code, source, line(key),
                f"{label} '{value(key)}' không có trong danh sách {setting}; chọn "
                "một trong: " + ", ".join(allowed)))


def duplicate_findings(groups, code, key, what, rule_text):
    """One finding per group of two or more sources sharing an identifier: on the
    first by path, naming the others. ``groups``: casefolded identifier → sources;
    ``key`` the field, ``what`` its name ("số/ký hiệu"), ``rule_text`` the advice."""
    for group in groups.values():
        if len(group) < 2:
            continue
        first, *others = sorted(group, key=lambda s: s.relpath)
        yield finding(
            code, first, first.first(key).line,
            f"{what} '{first.value(key)}' trùng với "
            + ", ".join(f"{display_path(o.path)}:{o.first(key).line}"
                        for o in others)
            + f"; {rule_text}",
            related=[o.path for o in others])
