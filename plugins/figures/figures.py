"""Captioned figures from plain Markdown.

An image that stands alone in its paragraph and has a title becomes a figure whose
caption is that title, written by the editor word for word::

    ![Hội trường Sở trong buổi hội nghị]({static}/images/hoi-nghi.jpg "Đồng chí ... phát biểu"){: .illustration}

gives ``<figure><img alt="..."><figcaption>Đồng chí ... phát biểu</figcaption></figure>``.
The class ``illustration`` marks a picture that stands in for a missing photo; the
figure then says "Ảnh minh họa" beside the caption, without touching the caption.

The work happens inside python-markdown's own tree (a treeprocessor), so it costs
no extra HTML parse. Signals: ``initialized`` (add the extension to MARKDOWN).
Settings: ``FIGURES_ILLUSTRATION_NOTE`` (default "Ảnh minh họa").
"""

import xml.etree.ElementTree as ET

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from pelican import signals

DEFAULT_NOTE = "Ảnh minh họa"
ILLUSTRATION_CLASS = "illustration"


class FigureTreeprocessor(Treeprocessor):
    def __init__(self, md, note):
        super().__init__(md)
        self.note = note

    def run(self, root):
        for parent in root.iter():
            for index, paragraph in enumerate(list(parent)):
                image = _lone_titled_image(paragraph)
                if image is not None:
                    parent[index] = self._figure(image, paragraph.tail)

    def _figure(self, image, tail):
        caption = image.attrib.pop("title")
        figure = ET.Element("figure")
        figure.tail = tail
        classes = image.get("class", "").split()
        if ILLUSTRATION_CLASS in classes:
            figure.set("class", ILLUSTRATION_CLASS)
            classes.remove(ILLUSTRATION_CLASS)
            if classes:
                image.set("class", " ".join(classes))
            else:
                del image.attrib["class"]
        image.tail = None
        figure.append(image)
        if ILLUSTRATION_CLASS in figure.get("class", ""):
            note = ET.SubElement(figure, "p", {"class": "figure-note"})
            note.text = self.note
        ET.SubElement(figure, "figcaption").text = caption
        return figure


def _lone_titled_image(element):
    """The <img title> that is all of paragraph ``element``, else None."""
    if element.tag != "p" or len(element) != 1 or (element.text or "").strip():
        return None
    image = element[0]
    if image.tag != "img" or not image.get("title") or (image.tail or "").strip():
        return None
    return image


class FigureExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"note": [DEFAULT_NOTE, "text that marks an illustration"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # After inline patterns (priority 20) have turned ![...](...) into <img>.
        processor = FigureTreeprocessor(md, self.getConfig("note"))
        md.treeprocessors.register(processor, "figures", 5)


def add_extension(pelican):
    """Add the figure extension, and attr_list for the class, to MARKDOWN."""
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    note = pelican.settings.setdefault("FIGURES_ILLUSTRATION_NOTE", DEFAULT_NOTE)
    if "markdown.extensions.attr_list" not in extensions:
        extensions.append("markdown.extensions.attr_list")
    if not any(isinstance(ext, FigureExtension) for ext in extensions):
        extensions.append(FigureExtension(note=note))


def register():
    signals.initialized.connect(add_extension)
