"""Responsive, metadata-free images made with Pillow.

For every static JPEG, PNG or WebP picture (``STATIC_PATHS``), this plugin writes
resized copies beside the published file, never wider than the original::

    images/2019/hoi-nghi.jpg          the original, EXIF orientation applied and
                                      EXIF/GPS/XMP removed (re-encoded only if needed)
    images/2019/hoi-nghi.480w.webp    + .480w.jpg, .960w.*, .1440w.*

WebP for browsers that take it, JPEG (or PNG for pictures with transparency) as the
fallback. The HTML side (``<picture>``, ``srcset``, ``width``/``height``,
``loading``) is done by ``html_postprocess`` with :func:`picture_parts`, and by the
theme's ``picture`` filter for thumbnails.

Encoding is cached under ``CACHE_PATH/images/`` keyed by the SHA-256 of the source
bytes and the encoding parameters, so an unchanged picture is never encoded again;
published files are hard links to the cache (copies across file systems). Misses
are encoded in a process pool (``IMAGES_WORKERS``, default: every core).

An unreadable, truncated or oversized picture is a ContentError (E-IMAGE-CORRUPT,
E-IMAGE-TOO-LARGE) naming the file; the build then fails.

Signals: ``initialized`` (defaults), ``all_generators_finalized`` (encode, publish,
give every content its ``lead_image``), ``generator_init`` (Jinja filter
``picture``). Context: ``IMAGES_INDEX`` (published path → :class:`ImageSet`).
A content's ``own_pictures`` (a bulletin's cover) are published the same way and
given back as its ``image_sets`` (:func:`own_pictures`).
Settings: ``IMAGES_WIDTHS``, ``IMAGES_WEBP_QUALITY``, ``IMAGES_JPEG_QUALITY``,
``IMAGES_MAX_PIXELS``, ``IMAGES_WORKERS``, ``IMAGES_SIZES``, ``IMAGES_THUMB_SIZES``.
Templates: ``{{ article.lead_image | picture(alt, sizes) }}``.
"""

import hashlib
import json
import logging
import os
import posixpath
import re
import shutil
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from markupsafe import Markup, escape
from output_guard import owners
from pelican import signals
from pelican.generators import StaticGenerator
from source_errors import ContentError, report

logger = logging.getLogger(__name__)

DEFAULTS = {
    "IMAGES_WIDTHS": [480, 960, 1440],
    "IMAGES_WEBP_QUALITY": 78,
    "IMAGES_JPEG_QUALITY": 82,
    "IMAGES_MAX_PIXELS": 40_000_000,
    "IMAGES_WORKERS": os.cpu_count() or 1,
    # The article column is at most 46rem wide; below that the picture fills the screen.
    "IMAGES_SIZES": "(min-width: 48rem) 46rem, 100vw",
    # A list's thumbnail (base.css .entry-summary): 6.5rem on phones, 12rem from 36rem.
    "IMAGES_THUMB_SIZES": "(min-width: 36rem) 12rem, 6.5rem",
}
EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}
# Bump when the encoder changes, so old cache entries are not reused.
ENCODER_VERSION = 1
# EXIF, GPS and editing metadata Pillow keeps in ``info`` and we must not publish.
METADATA_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "photoshop", "comment", "iptc")
IMG_SRC = re.compile(r"<img\b[^>]*?\bsrc=\"([^\"]+)\"")


@dataclass(frozen=True)
class Variant:
    """One published file: its path under the output folder and its pixel size."""

    path: str
    width: int
    height: int
    mime: str


@dataclass
class ImageSet:
    """A published picture and its resized variants, smallest first."""

    path: str
    width: int
    height: int
    webp: list = field(default_factory=list)
    fallback: list = field(default_factory=list)

    @classmethod
    def from_dict(cls, data):
        data = {key: value for key, value in data.items() if key != "original"}
        data["webp"] = [Variant(**v) for v in data["webp"]]
        data["fallback"] = [Variant(**v) for v in data["fallback"]]
        return cls(**data)

    def default(self, preferred=960):
        """The fallback variant for ``src``: the widest one not above ``preferred``."""
        fitting = [v for v in self.fallback if v.width <= preferred]
        return fitting[-1] if fitting else self.fallback[0]

    @property
    def largest(self):
        return self.fallback[-1]


@dataclass(frozen=True)
class EncodeJob:
    """What a worker needs to encode one picture into ``target`` (a cache folder)."""

    source: str
    target: str
    widths: tuple
    webp_quality: int
    jpeg_quality: int
    max_pixels: int


# --- Encoding (runs in worker processes: module-level, picklable) ---------------------


def encode(job):
    """Encode ``job``; return ("ok", ImageSet dict) or ("error", code, message)."""
    from PIL import Image

    # Pillow's own guard, at our limit: it refuses to decode far larger pictures
    # even when the header lies about the size.
    previous_limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, job.max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(job.source) as image:
                width, height = image.size
                if width * height > job.max_pixels:
                    return _too_large(width, height, job.max_pixels)
                image.load()
                return ("ok", _encode_loaded(image, job))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return _too_large(0, 0, job.max_pixels)
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        return (
            "error",
            "E-IMAGE-CORRUPT",
            f"không đọc được ảnh (tệp hỏng, cắt cụt hoặc sai định dạng: {error}); "
            "hãy xuất lại ảnh từ máy ảnh hoặc phần mềm chỉnh ảnh",
        )
    finally:
        Image.MAX_IMAGE_PIXELS = previous_limit


def _too_large(width, height, limit):
    size = f" {width}×{height} điểm ảnh" if width else ""
    return (
        "error",
        "E-IMAGE-TOO-LARGE",
        f"ảnh quá lớn{size} (giới hạn {limit:,} điểm ảnh); "
        "hãy thu nhỏ ảnh trước khi đưa lên",
    )


def _encode_loaded(image, job):
    from PIL import ImageOps

    source_format = image.format
    has_metadata = any(key in image.info for key in METADATA_KEYS) or bool(
        image.getexif()
    )
    icc = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image)
    transparent = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    upright = upright.convert("RGBA" if transparent else "RGB")
    fallback_ext, fallback_mime = (
        (".png", "image/png") if transparent else (".jpg", "image/jpeg")
    )

    target = Path(job.target)
    target.mkdir(parents=True, exist_ok=True)
    width, height = upright.size
    result = {"path": "", "width": width, "height": height, "webp": [], "fallback": []}
    for variant_width in variant_widths(width, job.widths):
        variant_height = max(1, round(height * variant_width / width))
        resized = (
            upright
            if variant_width == width
            else upright.resize((variant_width, variant_height), resample=_lanczos())
        )
        name = f"{variant_width}w"
        resized.save(
            target / f"{name}.webp",
            "WEBP",
            quality=job.webp_quality,
            method=4,
            icc_profile=icc,
        )
        _save_fallback(resized, target / f"{name}{fallback_ext}", job, icc)
        for key, ext, mime in (
            ("webp", ".webp", "image/webp"),
            ("fallback", fallback_ext, fallback_mime),
        ):
            result[key].append(
                {
                    "path": f"{name}{ext}",
                    "width": variant_width,
                    "height": variant_height,
                    "mime": mime,
                }
            )

    # The published original: the source itself when it carries nothing to strip,
    # otherwise a full-size re-encode, upright and without EXIF/GPS.
    if has_metadata or source_format not in ("JPEG", "PNG", "WEBP"):
        original_ext = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}.get(
            source_format, fallback_ext
        )
        original = target / f"original{original_ext}"
        if original_ext == ".webp":
            upright.save(original, "WEBP", quality=90, icc_profile=icc)
        elif original_ext == ".png":
            upright.save(original, "PNG", optimize=True, icc_profile=icc)
        else:
            upright.convert("RGB").save(
                original,
                "JPEG",
                quality=90,
                optimize=True,
                progressive=True,
                icc_profile=icc,
            )
        result["original"] = original.name
    else:
        result["original"] = None
    return result


def _save_fallback(image, path, job, icc):
    if path.suffix == ".png":
        image.save(path, "PNG", optimize=True, icc_profile=icc)
    else:
        image.save(
            path,
            "JPEG",
            quality=job.jpeg_quality,
            optimize=True,
            progressive=True,
            icc_profile=icc,
        )


def _lanczos():
    from PIL import Image

    return Image.Resampling.LANCZOS


def variant_widths(width, widths):
    """Widths to publish for a picture ``width`` px wide: never an upscale.

    The configured widths that fit, plus the picture's own width when it is
    narrower than the largest configured one (so the sharpest copy is kept).
    """
    fitting = [w for w in sorted(widths) if w <= width]
    if width < max(widths) and width not in fitting:
        fitting.append(width)
    return fitting


# --- Cache ----------------------------------------------------------------------------


def cache_key(source_digest, job_params):
    """Key of the encoded files: the source's SHA-256 and every encoding parameter."""
    text = json.dumps([ENCODER_VERSION, source_digest, *job_params])
    return hashlib.sha256(text.encode()).hexdigest()


class _SourceMemo:
    """SHA-256 of each source picture, reused while its size and mtime are unchanged.

    Hashing every picture of a large archive on every build would read gigabytes;
    a picture whose size and modification time did not change keeps its digest.
    """

    def __init__(self, path):
        self.path = path
        try:
            self.known = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}
        self.seen = {}

    def digest(self, source):
        stat = Path(source).stat()
        signature = [stat.st_size, stat.st_mtime_ns]
        known = self.known.get(source)
        if known and known[:2] == signature:
            digest = known[2]
        else:
            digest = hashlib.sha256(Path(source).read_bytes()).hexdigest()
        self.seen[source] = [*signature, digest]
        return digest

    def save(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.seen), encoding="utf-8")
        tmp.replace(self.path)


def _read_cached(folder):
    manifest = folder / "manifest.json"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    names = [v["path"] for v in data["webp"] + data["fallback"]]
    if data.get("original"):
        names.append(data["original"])
    if not all((folder / name).exists() for name in names):
        return None
    return data


def _encode_into_cache(jobs, workers):
    """Encode ``jobs`` (cache misses), in parallel when there are several."""
    if len(jobs) > 1 and workers > 1:
        # forkserver: forking a process that runs threads (a test server, a
        # browser driver) can deadlock; the server process has none.
        with ProcessPoolExecutor(
            max_workers=min(workers, len(jobs)), mp_context=get_context("forkserver")
        ) as pool:
            return list(pool.map(encode, jobs))
    return [encode(job) for job in jobs]


def _finish_cache_entry(job, result):
    """Write the manifest last: a folder without one is an interrupted encode."""
    folder = Path(job.target)
    manifest = folder / "manifest.json"
    tmp = folder / "manifest.json.tmp"
    tmp.write_text(json.dumps(result), encoding="utf-8")
    tmp.replace(manifest)


# --- Publishing -----------------------------------------------------------------------


def variant_path(published, variant_name):
    """``images/2019/x.jpg`` + ``960w.webp`` → ``images/2019/x.960w.webp``."""
    stem = published.rsplit(".", 1)[0]
    return f"{stem}.{variant_name}"


def process_static_images(staticfiles, settings, output_path):
    """Encode (or reuse) and publish every static picture; return the index."""
    return publish_pictures(take_static_pictures(staticfiles), settings, output_path)


def take_static_pictures(staticfiles):
    """The static pictures as ``(source path, published path, owner)``.

    They are removed from ``staticfiles`` so Pelican does not copy the originals
    (with their EXIF) over the published ones.
    """
    pictures = [sf for sf in staticfiles
                if Path(sf.source_path).suffix.lower() in EXTENSIONS]
    picture_ids = {id(sf) for sf in pictures}
    staticfiles[:] = [sf for sf in staticfiles if id(sf) not in picture_ids]
    return [(static.source_path, static.save_as.replace(os.sep, "/"),
             owners.Owner(owners.STATIC, static.source_path)) for static in pictures]


def publish_pictures(pictures, settings, output_path):
    """Encode (or reuse) and publish ``pictures``; return {published path: ImageSet}.

    ``pictures`` are ``(source path, published path, owner)``: the original (upright,
    without EXIF) and its variants are claimed for the owner beside the published
    path.
    """
    if not pictures:
        return {}
    widths = tuple(settings["IMAGES_WIDTHS"])
    params = (widths, settings["IMAGES_WEBP_QUALITY"], settings["IMAGES_JPEG_QUALITY"])
    cache_root = Path(settings["CACHE_PATH"]) / "images"
    entries = []  # (source, published, owner, cache folder)
    misses = []
    memo = _SourceMemo(cache_root / "sources.json")
    for source, published, owner in pictures:
        if not Path(source).exists():
            # A {static} link to a missing file: the checker reports E-IMAGE-MISSING
            # with the linking article's line; nothing to process here.
            continue
        try:
            digest = memo.digest(source)
        except OSError as error:
            message = f"không đọc được tệp ảnh: {error}"
            report(ContentError("E-IMAGE-CORRUPT", source, None, message))
            continue
        key = cache_key(digest, params)
        folder = cache_root / key[:2] / key
        entries.append((source, published, owner, folder))
        if _read_cached(folder) is None:
            misses.append(
                EncodeJob(
                    source,
                    str(folder),
                    widths,
                    settings["IMAGES_WEBP_QUALITY"],
                    settings["IMAGES_JPEG_QUALITY"],
                    settings["IMAGES_MAX_PIXELS"],
                )
            )
    memo.save()
    failed = set()
    for job, result in zip(
        misses, _encode_into_cache(misses, settings["IMAGES_WORKERS"]), strict=True
    ):
        if result[0] == "ok":
            _finish_cache_entry(job, result[1])
        else:
            _, code, message = result
            report(ContentError(code, job.source, None, message))
            failed.add(job.source)
            shutil.rmtree(job.target, ignore_errors=True)
    logger.info(
        "images: %d pictures, %d encoded, %d from cache",
        len(entries),
        len(misses),
        len(entries) - len(misses),
    )

    index = {}
    for source, published, owner, folder in entries:
        if source in failed:
            continue
        data = _read_cached(folder)
        limit = settings["IMAGES_MAX_PIXELS"]
        if data["width"] * data["height"] > limit:  # cached before a lower limit
            _, code, message = _too_large(data["width"], data["height"], limit)
            report(ContentError(code, source, None, message))
            continue
        original = folder / data["original"] if data["original"] else Path(source)
        # Copies, claimed for the picture (never links to content/ or the cache).
        owners.copy_file(settings, published, original, owner,
                         output_path=output_path)
        image_set = ImageSet.from_dict({**data, "path": published})
        for variant in image_set.webp + image_set.fallback:
            owners.copy_file(settings, variant_path(published, variant.path),
                             folder / variant.path, owner, output_path=output_path)
        image_set.webp = [_renamed(v, published) for v in image_set.webp]
        image_set.fallback = [_renamed(v, published) for v in image_set.fallback]
        index[published] = image_set
    return index


def _renamed(variant, published):
    return Variant(
        variant_path(published, variant.path),
        variant.width,
        variant.height,
        variant.mime,
    )


# --- Lead images ----------------------------------------------------------------------


def first_image_path(content):
    """The output path of the first picture in ``content``'s body, or None.

    Read from the raw body (``{static}`` links not yet resolved), so no HTML parse.
    """
    match = IMG_SRC.search(content._content or "")
    if not match:
        return None
    src = match.group(1)
    for marker in ("{static}", "|static|", "{filename}", "|filename|"):
        if src.startswith(marker):
            src = src[len(marker) :]
            break
    else:
        return None
    if src.startswith("/"):
        return src.lstrip("/")
    base = posixpath.dirname(content.relative_source_path.replace(os.sep, "/"))
    return posixpath.normpath(posixpath.join(base, src))


def _static_save_as(context, source_relpath):
    """Where Pelican publishes the static file read from ``source_relpath``."""
    static = context.get("static_content", {}).get(source_relpath)
    return static.save_as.replace(os.sep, "/") if static else source_relpath


def _contents(generators):
    """(generator, content) for every content object the generators hold, once."""
    seen = set()
    for generator in generators:
        for value in vars(generator).values():
            if not isinstance(value, list):
                continue
            for item in value:
                if (id(item) in seen or not hasattr(item, "_content")
                        or not hasattr(item, "source_path")):
                    continue
                seen.add(id(item))
                yield generator, item


def attach_lead_images(generators, index):
    """Give every content object ``lead_image`` (ImageSet or None)."""
    for generator, item in _contents(generators):
        relpath = first_image_path(item)
        item.lead_image = (
            index.get(_static_save_as(generator.context, relpath))
            if relpath
            else None
        )


def own_pictures(generators):
    """The pictures contents publish themselves (a bulletin's cover).

    A content names them in ``own_pictures`` ({name: (source path, published
    path)}); once published, it gets ``image_sets`` ({name: ImageSet}, without the
    ones that failed), so its template shows each in the size of its slot, and its
    plugin leaves those files to this one. Returns (content, name, source,
    published) for each.
    """
    return [(item, name, str(source), published)
            for _, item in _contents(generators)
            for name, (source, published) in
            (getattr(item, "own_pictures", None) or {}).items()]


# --- HTML helpers (used by html_postprocess and the theme) ----------------------------


def picture_parts(image_set, src, sizes):
    """Attributes for ``<source>`` and ``<img>`` showing ``image_set``.

    ``src`` is the original's URL as written in the page (absolute or relative);
    variant URLs are built beside it so both kinds of link keep working.
    """
    base = src.rsplit("/", 1)[0] + "/" if "/" in src else ""

    def url(variant):
        return base + variant.path.rsplit("/", 1)[-1]

    def srcset(variants):
        return ", ".join(f"{url(v)} {v.width}w" for v in variants)

    default = image_set.default()
    source = {"type": "image/webp", "srcset": srcset(image_set.webp), "sizes": sizes}
    img = {
        "src": url(default),
        "srcset": srcset(image_set.fallback),
        "sizes": sizes,
        "width": str(default.width),
        "height": str(default.height),
    }
    return [source], img


def picture_filter(settings):
    """Jinja filter: ``{{ image_set | picture(alt, sizes, lazy=True) }}``."""
    # The one setting it reads, by value (jinja_shared shares compiled code
    # between builds for a filter over plain values).
    thumb_sizes = settings["IMAGES_THUMB_SIZES"]

    def render(image_set, alt="", sizes=None, lazy=True, css_class="", siteurl=""):
        if not image_set:
            return ""
        src = f"{siteurl}/{image_set.path}" if siteurl else image_set.path
        sources, img = picture_parts(image_set, src, sizes or thumb_sizes)
        img["alt"] = alt
        if lazy:
            img["loading"] = "lazy"
        img["decoding"] = "async"
        if css_class:
            img["class"] = css_class
        html = ["<picture>"]
        for attrs in sources:
            html.append(f"<source{_attributes(attrs)}>")
        html.append(f"<img{_attributes(img)}></picture>")
        return Markup("".join(html))

    return render


def _attributes(attrs):
    return "".join(f' {name}="{escape(value)}"' for name, value in attrs.items())


# --- Receivers ------------------------------------------------------------------------


def apply_defaults(pelican):
    """Apply IMAGES_* defaults once."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


def add_filter(generator):
    """Make the ``picture`` filter available to templates."""
    generator.env.filters["picture"] = picture_filter(generator.settings)


def publish_images(generators):
    """Encode and publish every picture, then attach lead images to contents."""
    static = next((g for g in generators if isinstance(g, StaticGenerator)), None)
    if static is None:
        return
    wanted = own_pictures(generators)
    # One call for all: the source memo (cache/images/sources.json) keeps only the
    # pictures one run saw.
    index = publish_pictures(
        take_static_pictures(static.staticfiles)
        + [(source, published, owners.Owner("ảnh", str(item.source_path)))
           for item, _, source, published in wanted],
        static.settings, static.output_path)
    static.context["IMAGES_INDEX"] = index
    attach_lead_images(generators, index)
    for item, name, _, published in wanted:
        item.image_sets = getattr(item, "image_sets", None) or {}
        if published in index:
            item.image_sets[name] = index[published]


def register():
    signals.initialized.connect(apply_defaults)
    signals.generator_init.connect(add_filter)
    signals.all_generators_finalized.connect(publish_images)
