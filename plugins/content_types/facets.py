"""Facet pages of a content type's index: one page per value of each facet.

A type whose index filters its contents by a few keys (documents by type, issuer,
field, year, legal force; science tasks by status, field, year) declares them as
``(key, URL folder, heading)`` triples and calls :func:`facet_values` once its list
is complete, then, from ``generate_output``, :func:`write_index_page` for the
index itself and :func:`write_facet_pages` for the facet pages. Every content
is on one page of each facet, so the pages grow with contents × facets, never with
their combinations.

Signals: none (the generators that call it send their own). Settings read:
``SLUG_REGEX_SUBSTITUTIONS`` and, for each facet key, ``<PREFIX>_BY_<KEY>_URL`` and
``<PREFIX>_BY_<KEY>_SAVE_AS`` (``{slug}`` in them), e.g. ``DOCUMENTS_BY_TYPE_URL``.
Templates: whichever the caller names; each page gets ``facet_value``.
"""

from dataclasses import dataclass, field

from pelican.utils import slugify

# Facet keys whose values are years: listed newest first, not alphabetically.
YEAR_KEYS = frozenset({"year"})


@dataclass
class FacetValue:
    """One page of a facet: "Quyết định" of "Loại văn bản", with its contents."""

    facet: str  # heading, "Loại văn bản"
    name: str
    slug: str
    url: str
    save_as: str
    contents: list = field(default_factory=list)


def facet_urls(prefix, folder, facets):
    """The default ``<prefix>_BY_<KEY>_URL``/``_SAVE_AS`` settings of ``facets``,
    ``<folder>/<facet folder>/<slug>/``: ``facet_urls("DOCUMENTS", "van-ban", ...)``."""
    settings = {}
    for key, facet_folder, _ in facets:
        settings[f"{prefix}_BY_{key.upper()}_URL"] = (
            f"{folder}/{facet_folder}/{{slug}}/")
        settings[f"{prefix}_BY_{key.upper()}_SAVE_AS"] = (
            f"{folder}/{facet_folder}/{{slug}}/index.html")
    return settings


def facet_values(contents, facets, prefix, settings, name_of, vocabularies):
    """``[(key, heading, [FacetValue])]`` for the index's filters.

    ``name_of(key, content)`` is the content's value of a facet; ``vocabularies``
    maps a key to its values in the configured order (a setting's list, or a fixed
    order), which come first, the others after them alphabetically; a year facet
    lists the newest first. Sets ``content.facet_links[key]`` to the content's
    FacetValue (the page links its facets), so ``facet_links`` must be a dict.
    """
    subs = settings["SLUG_REGEX_SUBSTITUTIONS"]
    result = []
    for key, _, heading in facets:
        setting = f"{prefix}_BY_{key.upper()}"
        values = {}
        for content in contents:
            name = name_of(key, content)
            if name is None:  # no value for this facet (a report's legal force)
                continue
            if name not in values:
                slug = slugify(name, regex_subs=subs)
                values[name] = FacetValue(
                    heading, name, slug, settings[f"{setting}_URL"].format(slug=slug),
                    settings[f"{setting}_SAVE_AS"].format(slug=slug))
            values[name].contents.append(content)
            content.facet_links[key] = values[name]
        result.append((key, heading, [values[name] for name in _ordered(
            values, key, vocabularies.get(key) or ())]))
    return result


def _ordered(names, key, vocabulary):
    if key in YEAR_KEYS:
        return sorted(names, reverse=True)
    return [n for n in vocabulary if n in names] + sorted(
        n for n in names if n not in vocabulary)


def write_index_page(generator, writer, template_name, list_name, contents, save_as,
                     url, **extra):
    """Write one paginated page of ``contents`` (the index, or one facet value's) as
    ``list_name`` with ``template_name``; ``extra`` goes to the template's context."""
    writer.write_file(
        save_as, generator.get_template(template_name), generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"],
        paginated={list_name: contents}, template_name=template_name, url=url,
        **extra)


def write_facet_pages(generator, writer, facets, template_name, list_name, **extra):
    """Write every FacetValue page of ``facets`` with ``template_name``, paginated
    over its contents as ``list_name`` (``documents_page``), with ``extra`` in the
    template's context beside ``facet_value``."""
    for _, _, values in facets:
        for value in values:
            write_index_page(generator, writer, template_name, list_name,
                             value.contents, value.save_as, value.url,
                             facet_value=value, **extra)
