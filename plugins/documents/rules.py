"""The checker's rules for documents: each field (file scope), numbers (corpus).

Registered with ``content_check.registry.rule`` when the plugin is imported, so
``invoke check``, the pre-commit hook and the build all run them (the generator
reports nothing itself: it drops a file these rules find fault with).
"""

from collections import defaultdict

from content_check.metadata import is_published
from content_check.registry import rule
from content_types.front_matter import duplicate_findings
from source_errors import finding

from .fields import VOCABULARIES, read_fields

FILE_CODES = ("E-DOC-META", "E-DOC-FILE", "E-DOC-VALIDITY", "E-DOC-CONSULTATION",
              *(code for _, code, _ in VOCABULARIES.values()))


def is_document(source):
    kind = source.content_type
    return (source.kind == "markup" and source.text is not None and kind is not None
            and kind.name == "document")


def fields_of(source, context):
    """read_fields of ``source``, once per check run (both rules need them)."""
    cached = getattr(source, "_document_fields", None)
    if cached is None or cached[0] is not context:
        cached = source._document_fields = (
            context, read_fields(source, context.settings, context.content_root))
    return cached[1]


@rule(*FILE_CODES, "E-DATE")
def document_fields(source, context):
    if is_document(source):
        yield from fields_of(source, context)[1]


@rule("E-DOC-NUMBER-DUPLICATE", "E-DOC-REPLACED-BY", "E-DOC-RESULT", scope="corpus",
      types=("document",))
def document_numbers(sources, context):
    """Numbers are unique; Replaced-by: and Result: name a document that exists."""
    by_number = defaultdict(list)
    documents = [s for s in sources if is_document(s) and is_published(s)]
    for source in documents:
        number = fields_of(source, context)[0].number
        if number:
            by_number[number.casefold()].append(source)
    yield from duplicate_findings(by_number, "E-DOC-NUMBER-DUPLICATE", "number",
                                  "số/ký hiệu", "mỗi văn bản có một số/ký hiệu riêng")
    for source in documents:
        fields = fields_of(source, context)[0]
        for key, target, code in (("replaced-by", fields.replaced_by,
                                   "E-DOC-REPLACED-BY"),
                                  ("result", fields.result_number, "E-DOC-RESULT")):
            if not target:
                continue
            if target.casefold() not in by_number:
                yield finding(
                    code, source, source.first(key).line,
                    f"không có văn bản nào số/ký hiệu '{target}' (trường "
                    f"'{key.capitalize()}:' phải ghi đúng 'Number:' của một văn bản "
                    "khác trên trang)")
            elif fields.number and target.casefold() == fields.number.casefold():
                yield finding(code, source, source.first(key).line,
                              f"'{target}' là chính văn bản này")
