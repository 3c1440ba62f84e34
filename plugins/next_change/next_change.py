"""When does the built site next change by itself, with nobody committing?

A static page shows what was true at build time, so these moments need a rebuild:

- **declared moments**: every declared content type's ``changes_at(content,
  settings)`` (a comment period closing, a call's deadline), for each content of
  the type as its generator reads it (``read_all``: through Pelican's reader cache,
  so an unchanged file is not parsed again);
- **scheduled items**: a published file of any declared type (news articles
  included) whose ``Date:`` is in the future: it appears at that moment. Only the
  front matter is read (the checker's parser, on the lines before the first blank
  one), so 20,000 articles cost a directory walk and 20,000 short reads;
- **midnight while a countdown shows**: "còn N ngày" (``vn_dates.deadlines``)
  changes every local midnight, so the next midnight counts while any declared
  moment is still in the future. ``deadline()`` counts down any open period, with
  no upper bound, so a countdown is taken to show from the moment a declared
  moment exists until it passes; ``NEXT_CHANGE_COUNTDOWN_DAYS`` (None: no bound)
  limits it to moments within that many days, for types that only count down
  near the end.

"Now" is ``vn_dates.deadlines.build_now`` (``BUILD_NOW`` in tests). Settings:
``NEXT_CHANGE_COUNTDOWN_DAYS``; each type's folders and ``WITH_FUTURE_DATES``
(when True, future items are already published and are not changes).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from content_check.runner import type_folders
from content_types.generator import ContentTypeGenerator
from sources import SourceFile, parse_front_matter
from vn_dates.deadlines import build_now, next_midnight
from vn_dates.parsing import DateFormatError, parse_editor_date

MARKDOWN = {".md", ".markdown", ".mkd", ".mdown"}


@dataclass(frozen=True, order=True)
class Change:
    moment: datetime  # aware
    reason: str  # Vietnamese, for the printout
    source: str = ""  # the content file, relative to content/, if one


def _head(path):
    """The front matter of ``path``: its lines up to the first blank one."""
    lines = []
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if not line.strip():
                break
            lines.append(line)
    return "".join(lines).lstrip("\ufeff")


def scheduled(settings, now):
    """Published files of any declared type dated after ``now``."""
    if settings.get("WITH_FUTURE_DATES"):
        return []
    root = Path(settings["PATH"])
    tz = ZoneInfo(settings.get("TIMEZONE") or "Asia/Ho_Chi_Minh")
    found = []
    for folder, content_type in type_folders(settings):
        base = root / folder if folder else root
        for path in base.rglob("*"):
            if path.suffix.lower() not in MARKDOWN or not path.is_file():
                continue
            source = SourceFile(path=path, relpath=path.relative_to(root).as_posix(),
                                kind="markup", text=_head(path))
            parse_front_matter(source)
            if (source.value("status") or "published").lower() != "published":
                continue
            try:
                date = parse_editor_date(source.value("date") or "")
            except DateFormatError:
                continue  # the checker reports it
            moment = date.replace(tzinfo=tz)
            if moment > now:
                found.append(Change(moment, f"{content_type.label or content_type.name}"
                                            " hẹn giờ đăng", source.relpath))
    return found


def declared(pelican):
    """Every ``changes_at`` moment of the loaded types' contents (any time)."""
    settings = pelican.settings
    context = {**settings, "generated_content": {}, "static_links": set(),
               "static_content": {}, "localsiteurl": settings["SITEURL"]}
    found = []
    for cls in pelican._get_generator_classes():
        kind = getattr(cls, "content_type", None)
        if not (isinstance(cls, type) and issubclass(cls, ContentTypeGenerator)
                and kind is not None and kind.changes_at):
            continue
        generator = cls(context=context, settings=settings, path=settings["PATH"],
                        theme=settings["THEME"], output_path=settings["OUTPUT_PATH"])
        root = Path(settings["PATH"]).resolve()
        for content in generator.read_all():
            if content.status != "published":
                continue
            relpath = Path(content.source_path).resolve().relative_to(root).as_posix()
            for moment in kind.changes_at(content, settings) or ():
                found.append(Change(moment, f"{kind.label or kind.name}: thay đổi "
                                            "theo thời hạn", relpath))
    return found


def declared_in(generators):
    """Every ``changes_at`` moment of the contents a build's generators published,
    with their fields as the build parsed them (the build driver calls this at the
    end of a build instead of reading the contents again)."""
    found = []
    for generator in generators:
        kind = getattr(generator, "content_type", None)
        if not (isinstance(generator, ContentTypeGenerator) and kind is not None
                and kind.changes_at):
            continue
        root = Path(generator.settings["PATH"]).resolve()
        for content in getattr(generator, kind.context_key, None) or ():
            if content.status != "published":
                continue
            relpath = Path(content.source_path).resolve().relative_to(root).as_posix()
            for moment in kind.changes_at(content, generator.settings) or ():
                found.append(Change(moment, f"{kind.label or kind.name}: thay đổi "
                                            "theo thời hạn", relpath))
    return found


def first_change(declared_changes, scheduled_changes, now, settings):
    """The earliest :class:`Change` after ``now`` (None if none), midnight included
    while a countdown shows."""
    upcoming = [c for c in declared_changes + scheduled_changes if c.moment > now]
    if _countdown_at(now, declared_changes, settings):
        upcoming.append(Change(next_midnight(now), "nửa đêm: số ngày đếm ngược "
                                                   "(\"còn N ngày\") thay đổi"))
    return min(upcoming, default=None)


def changes(pelican, now=None):
    """(every declared moment, the scheduled items after now, now)."""
    now = now or build_now(pelican.settings)
    return declared(pelican), scheduled(pelican.settings, now), now


def _countdown_at(moment, declared_changes, settings):
    """Whether some countdown shows at ``moment``."""
    days = settings.get("NEXT_CHANGE_COUNTDOWN_DAYS")
    return any(c.moment > moment and (days is None
                                      or c.moment - moment <= timedelta(days=days))
               for c in declared_changes)


def next_change(pelican, now=None, since=None):
    """The earliest :class:`Change` after now (None if none) and, when ``since`` (a
    timedelta) is given, whether one fell in (now - since, now]."""
    declared_changes, scheduled_changes, now = changes(pelican, now)
    first = first_change(declared_changes, scheduled_changes, now, pelican.settings)
    if since is None:
        return first, None
    midnight = next_midnight(now)
    start = now - since
    last_midnight = midnight - timedelta(days=1)
    recent = any(start < c.moment <= now for c in declared_changes) or (
        start < last_midnight <= now
        and _countdown_at(last_midnight, declared_changes, pelican.settings))
    # A scheduled item that came due is no longer "scheduled" at now; look again
    # from the start of the window.
    recent = recent or any(start < c.moment <= now
                           for c in scheduled(pelican.settings, start))
    return first, recent
