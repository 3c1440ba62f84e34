"""Image encoding: one process vs the pool, and a rebuild served from the cache.

    .venv/bin/python bench/image_encoding.py [count]

Makes ``count`` (default 16) synthetic 2400×1600 photos, then times
process_static_images() cold with IMAGES_WORKERS=1, cold with every core, and warm
(nothing changed: no encoding, only hashing memo, manifests and hard links).
"""

import os
import random
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from images.images import DEFAULTS, process_static_images
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]


def make_photos(folder, count):
    rng = random.Random(1)
    paths = []
    for number in range(count):
        image = Image.new("RGB", (2400, 1600), (rng.randrange(256), 120, 90))
        draw = ImageDraw.Draw(image)
        for _ in range(400):  # enough detail for the encoder to work on
            x, y = rng.randrange(2400), rng.randrange(1600)
            colour = tuple(rng.randrange(256) for _ in range(3))
            draw.ellipse((x, y, x + rng.randrange(20, 200), y + 80), fill=colour)
        path = folder / f"anh-{number:03d}.jpg"
        image.save(path, "JPEG", quality=88)
        paths.append(path)
    return paths


def run(photos, workdir, cache, workers):
    settings = {**DEFAULTS, "CACHE_PATH": str(cache), "IMAGES_WORKERS": workers}
    statics = [
        SimpleNamespace(source_path=str(p), save_as=f"images/{p.name}") for p in photos
    ]
    start = time.perf_counter()
    index = process_static_images(statics, settings, workdir / "output")
    assert len(index) == len(photos)
    return time.perf_counter() - start


def main(count):
    with tempfile.TemporaryDirectory(prefix="bench-images-") as tmp:
        tmp = Path(tmp)
        (tmp / "src").mkdir()
        photos = make_photos(tmp / "src", count)
        cores = os.cpu_count() or 1
        one = run(photos, tmp, tmp / "cache-1", 1)
        pool = run(photos, tmp, tmp / "cache-n", cores)
        warm = run(photos, tmp, tmp / "cache-n", cores)
        print(f"{count} photos 2400×1600 → 3 widths × (WebP + JPEG)")
        print(
            f"cold, 1 process:      {one:6.2f} s  ({one / count * 1000:.0f} ms/photo)"
        )
        print(f"cold, {cores} processes:    {pool:6.2f} s  (×{one / pool:.2f})")
        per_photo = warm / count * 1000
        print(f"warm (cache), rebuild: {warm:6.2f} s  ({per_photo:.1f} ms/photo)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 16)
