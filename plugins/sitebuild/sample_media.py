"""Drawings that stand in for the sample content's missing photos (marked Ảnh minh họa).

Settings / Templates / Signals: none. Errors: none (Pillow's own).
"""

from .project import ROOT


def draw_sample_media():
    """Redraw the sample illustrations, bulletin covers and PDFs; yield each path."""
    from PIL import Image, ImageDraw

    target = ROOT / "content/images/2019/hoi-nghi-so-ket-dang-uy-minh-hoa.jpg"
    target.parent.mkdir(parents=True, exist_ok=True)
    width, height = 1440, 810
    image = Image.new("RGB", (width, height), (236, 229, 216))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 300), fill=(150, 30, 30))  # backdrop banner
    draw.rectangle((120, 60, width - 120, 240), outline=(245, 196, 0), width=6)
    draw.rectangle((560, 330, 880, 620), fill=(120, 72, 40))  # lectern
    draw.ellipse((670, 250, 770, 350), fill=(60, 50, 45))  # speaker
    for row in range(3):  # audience
        for seat in range(9):
            x = 80 + seat * 150 + (row % 2) * 40
            y = 640 + row * 60
            draw.ellipse((x, y, x + 56, y + 56), fill=(70 + row * 20, 60, 55))
    image.save(target, "JPEG", quality=82, optimize=True, progressive=True)
    yield target

    from bulletins.sample_media import draw_bulletin_media  # covers and PDFs of Bản tin

    yield from draw_bulletin_media(ROOT)

    from documents.sample_media import draw_document_media  # Văn bản attachments

    yield from draw_document_media(ROOT)

    from science_tasks.sample_media import draw_science_media  # Nhiệm vụ KH&CN files

    yield from draw_science_media(ROOT)
