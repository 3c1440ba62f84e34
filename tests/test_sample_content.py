"""Sample content never goes live by accident.

`make publish` (sitebuild.publish_site) refuses, before building anything, while a
file listed in sample-content.txt, a stand-in leader photo or the placeholder
emblem is in the site, naming each; ALLOW_SAMPLE_CONTENT=1 publishes a
demonstration on purpose. The repository's own samples are all listed (and the seed
article, which is real, is not). A generated picture is never captioned as a real
person, and the sample bulletin covers say what they are.
"""

from pathlib import Path

import pytest
import sample_content
from security_helpers import run_check, write_corpus
from sitebuild.publish import GateFailed, publish_settings, publish_site

from conftest import ROOT

SEED = "news/2019/so-ket-cong-tac-xay-dung-dang-6-thang-dau-nam-2019.md"
LEADER = ("Title: Nguyễn Văn A\nPosition: Giám đốc\nOrder: 1\n"
          "Photo: /images/lanh-dao/a.jpg\nPhoto-placeholder: yes\n\nTiểu sử.\n")


@pytest.fixture
def demo(tmp_path, monkeypatch):
    """A content folder with two listed samples, one taken back out ("!"), a
    stand-in leader photo; the list beside it. ALLOW_SAMPLE_CONTENT unset."""
    monkeypatch.delenv(sample_content.ALLOW_VARIABLE, raising=False)
    content = write_corpus(tmp_path, {
        "news/2020/mau.md": "Title: Mẫu\n\nBài mẫu.\n",
        "news/2020/that.md": "Title: Thật\n\nBài thật.\n",
        "images/2020/mau.jpg": b"\xff\xd8\xff",
        "organisation/leaders/a.md": LEADER,
    })
    listing = tmp_path / "mau.txt"
    listing.write_text("# mẫu\nnews/**\n!news/2020/that.md\nimages/**\n",
                       encoding="utf-8")
    return {"PATH": str(content), "SAMPLE_CONTENT_LIST": str(listing),
            "DEPLOY_BUILD_DIR": str(tmp_path / "builds")}


def test_make_publish_refuses_naming_each_sample(demo, tmp_path):
    with pytest.raises(GateFailed) as refused:
        publish_site(report=lambda line: None, **demo)
    message = str(refused.value)
    for expected in ("content/news/2020/mau.md: tệp mẫu",
                     "content/images/2020/mau.jpg: tệp mẫu",
                     "content/organisation/leaders/a.md: ảnh là hình tạm",
                     "biểu trưng vẫn là hình tạm",
                     "ALLOW_SAMPLE_CONTENT=1 make publish"):
        assert expected in message
    assert "that.md" not in message
    assert not (tmp_path / "builds").exists()  # refused before building anything


def test_allow_sample_content_publishes_a_demonstration(demo, monkeypatch):
    from sitebuild.publish import refuse_sample_content

    monkeypatch.setenv(sample_content.ALLOW_VARIABLE, "1")
    said = []
    refuse_sample_content(publish_settings(**demo), said.append)
    assert said[0] == ("Cảnh báo: xuất bản thử với 4 tệp mẫu/hình tạm "
                       "(ALLOW_SAMPLE_CONTENT=1):")
    assert said[1] == "  - content/images/2020/mau.jpg: tệp mẫu (ghi trong mau.txt); " \
        "thay bằng tệp thật rồi xóa dòng của nó trong danh sách, hoặc xóa tệp"
    assert len(said) == 5


def test_the_repository_samples_are_all_listed():
    settings = publish_settings(PATH=str(ROOT / "content"))
    refused = "\n".join(sample_content.sample_refusals(settings, ROOT))
    content = ROOT / "content"
    for path in sorted(content.rglob("*")):
        if not path.is_file():
            continue
        relpath = path.relative_to(content).as_posix()
        if relpath == SEED:
            assert relpath not in refused  # the old portal's article is real
            continue
        text = path.read_text(encoding="utf-8") if path.suffix == ".md" else ""
        generated = path.suffix in (".jpg", ".png", ".pdf", ".docx", ".odt", ".doc")
        if generated or any(mark in text for mark in (
                "(mẫu)", "hư cấu", "nội dung mẫu", "Photo-placeholder: yes")):
            assert f"content/{relpath}: " in refused, relpath
    assert "theme/images/emblem.svg: biểu trưng vẫn là hình tạm" in refused


def test_sample_bulletin_covers_say_they_are_samples():
    from bulletins.sample_media import ISSUES, draw_cover

    # The committed covers are the drawing's output (invoke sample-media).
    cover = ROOT / "content/bulletins/2019/ban-tin-so-1-2019-bia.jpg"
    assert cover.stat().st_size > 0
    source = Path(sample_content.__file__).parents[1] / "bulletins/sample_media.py"
    assert "BẢN MẪU" in source.read_text(encoding="utf-8")
    assert draw_cover(ISSUES[0]).getpixel((40, 505)) == (255, 255, 255)  # its band


def article(caption, title):
    return (f"Title: {title}\nDate: 10/05/2019\nAuthor: Phòng Thông tin\n"
            "Category: Hoạt động của Sở\nSummary: Tóm tắt.\n\nĐoạn một.\n\n"
            f'![Hình vẽ hội trường]({{static}}/images/h.jpg "{caption}")'
            "{: .illustration}\n")


def test_an_illustration_captioned_as_a_person_is_refused(tmp_path):
    content = write_corpus(tmp_path, {
        "news/a.md": article("Đồng chí Phạm Quang Nguyên phát biểu chỉ đạo hội nghị", "A"),
        "news/b.md": article("Hình vẽ hội trường, không phải ảnh chụp hội nghị", "B"),
        "images/h.jpg": (ROOT / "content/images/2019/"
                         "hoi-nghi-so-ket-dang-uy-minh-hoa.jpg").read_bytes(),
    })
    status, printed = run_check(content)
    assert status == 1
    assert "news/a.md:9: [E-ILLUSTRATION-PERSON]" in printed
    assert "'Đồng chí Phạm Quang Nguyên'" in printed
    assert "news/b.md" not in printed
