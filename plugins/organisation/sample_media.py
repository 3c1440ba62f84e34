"""Draw the placeholder portraits of the sample leaders (content/images/lanh-dao/).

No real person's photo is in the repository: each sample leader (an invented name)
gets a neutral grey silhouette marked "ẢNH TẠM" (placeholder) across it, and their
front matter says ``Photo-placeholder: yes`` so the page says so too. Called by
``invoke sample-media``; the same bytes on every run.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
SIZE = (240, 300)
LEADERS = ("nguyen-van-minh", "tran-thi-thu-ha", "le-quang-huy", "pham-duc-thang")


def _font(size):
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default()


def draw_portrait(path):
    image = Image.new("RGB", SIZE, (226, 229, 233))
    draw = ImageDraw.Draw(image)
    grey = (150, 156, 164)
    draw.ellipse((80, 50, 160, 140), fill=grey)  # head
    draw.rounded_rectangle((40, 150, 200, 320), radius=60, fill=grey)  # shoulders
    draw.rectangle((0, 232, 240, 276), fill=(60, 60, 60))
    label = "ẢNH TẠM"
    font = _font(26)
    width = draw.textlength(label, font=font)
    draw.text(((SIZE[0] - width) / 2, 238), label, fill=(255, 255, 255), font=font)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=80, optimize=True)
    return path


def draw_leader_portraits(content_root):
    folder = Path(content_root) / "images" / "lanh-dao"
    return [draw_portrait(folder / f"{slug}.jpg") for slug in LEADERS]
