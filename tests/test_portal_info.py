"""Thủ tục hành chính, Giới thiệu (units, leaders) and Công khai thông tin.

Small sites built in tmp_path with the real pelicanconf.py, read back with
BeautifulSoup; the checker's errors with file and line; the procedure links
against hostile codes and configurations.
"""

import pytest
from content_check import cli
from organisation.disclosure import contact_problems, safe_url
from organisation.sample_media import draw_portrait
from procedures.procedures import portal_link

import pelicanconf
import sitebuild
from conftest import ROOT

PROCEDURE = """\
    Title: Cấp giấy phép tiến hành công việc bức xạ
    Slug: {slug}
    Code: {code}
    Level: Toàn trình
    Field: {field}
    Date: 15/03/2025

    Dành cho cơ sở y tế.
    """
UNIT = """\
    Title: Văn phòng Sở
    Group: Văn phòng, Thanh tra và các phòng chuyên môn
    Order: {order}
    Functions: Tham mưu tổng hợp, hành chính, tổ chức cán bộ.
    Date: 01/07/2025

    - Xây dựng chương trình công tác.
    """
LEADER = """\
    Title: Lê Quang Huy
    Position: Phó Giám đốc Sở
    Order: 2
    Photo: {photo}
    Photo-placeholder: yes
    Responsibilities: Quản lý công nghệ; Sở hữu trí tuệ
    Units: {units}
    Date: 01/07/2025

    Sinh năm 1978, kỹ sư Vật lý kỹ thuật.
    """
FIELD = "Năng lượng nguyên tử, an toàn bức xạ và hạt nhân"


def portrait(tmp_path):
    path = tmp_path / "portrait.jpg"
    draw_portrait(path)
    return path.read_bytes()


def site_files(tmp_path, **changes):
    files = {
        "procedures/a.md": PROCEDURE.format(slug="a", code="1.004559", field=FIELD),
        "procedures/b.md": PROCEDURE.format(slug="b", code="1.004630",
                                            field="Hoạt động khoa học và công nghệ"),
        "organisation/units/van-phong.md": UNIT.format(order=1),
        "organisation/leaders/le-quang-huy.md": LEADER.format(
            photo="/images/lanh-dao/huy.jpg", units="Văn phòng Sở"),
        "images/lanh-dao/huy.jpg": portrait(tmp_path),
        "pages/lien-he.md": "Title: Liên hệ\nSlug: lien-he\nTemplate: contact\n\nLiên hệ.\n",
    }
    files.update(changes)
    return files


@pytest.fixture
def built(build_site, tmp_path):
    return build_site(site_files(tmp_path))


def test_procedures_index_by_field_links_to_the_portal(built, read_html):
    page = read_html(built / "thu-tuc-hanh-chinh/index.html")
    groups = [h.get_text() for h in page.select("main h2")]
    # PROCEDURE_FIELDS order: "Hoạt động khoa học…" comes before "Năng lượng…".
    assert groups == ["Hoạt động khoa học và công nghệ", FIELD]
    links = [a["href"] for a in page.select("table a") if "dichvucong" in a["href"]]
    assert links == [
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html"
        "?ma_thu_tuc=1.004630",
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html"
        "?ma_thu_tuc=1.004559"]
    one = read_html(built / "thu-tuc-hanh-chinh/a/index.html")
    assert "1.004559" in one.select_one(".procedure-code").get_text()
    assert '"@type": "GovernmentService"' in one.find(
        "script", type="application/ld+json").string
    home = read_html(built / "index.html")
    block = next(s for s in home.select(".side-block")
                 if "Thủ tục hành chính" in s.h2.get_text())
    texts = [a.get_text() for a in block.select("a")]
    assert "Cấp giấy phép tiến hành công việc bức xạ" in texts
    assert "Cổng Dịch vụ công quốc gia" in texts
    assert "Thủ tục hành chính" in [a.get_text() for a in home.select("#main-menu > li > a")]


def test_organisation_chart_leaders_and_contact_point(built, read_html):
    chart = read_html(built / "gioi-thieu/co-cau-to-chuc/index.html")
    tree = chart.select_one("ul.org-chart")
    assert "Phó Giám đốc Sở: Lê Quang Huy" in tree.get_text(" ")
    # Nested: the unit is inside its group, inside the department.
    assert tree.select_one("li ul li ul li a[href$='gioi-thieu/don-vi/van-phong-so/']")
    assert "GovernmentOrganization" in chart.find("script", type="application/ld+json").string
    leader = read_html(built / "gioi-thieu/lanh-dao/le-quang-huy/index.html")
    assert "Ảnh tạm" in leader.select_one("figcaption").get_text()
    assert leader.select_one(".leader-photo img")["alt"] == "Ảnh tạm thay cho ảnh chân dung"
    assert [li.get_text() for li in leader.select(".leader-layout ul")[0].select("li")] == [
        "Quản lý công nghệ", "Sở hữu trí tuệ"]
    assert '"@type": "Person"' in leader.find("script", type="application/ld+json").string
    unit = read_html(built / "gioi-thieu/don-vi/van-phong-so/index.html")
    assert "Tham mưu tổng hợp" in unit.select_one(".unit-functions").get_text()
    contact = read_html(built / "lien-he/index.html").select_one(".information-contact")
    ic = pelicanconf.PORTAL_INFORMATION_CONTACT
    assert ic["email"] in contact.get_text() and ic["unit"] in contact.get_text()


def test_disclosure_page_lists_every_declared_type(built, read_html):
    page = read_html(built / "cong-khai-thong-tin/index.html")
    rows = {tr.th.get_text(" ", strip=True): [td.get_text(" ", strip=True)
                                              for td in tr.find_all("td")]
            for tr in page.select("tbody tr")}
    assert rows["Thủ tục hành chính (2)"][1:] == ["/thu-tuc-hanh-chinh/",
                                                 "Trang web, tin RSS/Atom", "15/03/2025"]
    assert "Điều 19 khoản 1 điểm a" in rows["Thủ tục hành chính (2)"][0]
    assert rows["Lãnh đạo Sở (1)"][1] == "/gioi-thieu/lanh-dao/"
    assert rows["Hỏi đáp (0)"][1] == "/hoi-dap/" and rows["Bản tin (0)"][1] == "/ban-tin/"
    assert "Báo cáo công khai dự toán, quyết toán ngân sách năm 2025" in rows
    assert page.select_one(".information-contact")


def run_check(content):
    return cli.main(["--settings", str(ROOT / "pelicanconf.py"), "--path", str(content)])


@pytest.mark.parametrize("code", [
    "javascript:alert(1)", "//other.host/x", "1.004 559", '1.004559" onclick="x',
    "1.004559'", "１.００４５５９", "https://evil.example/", "1.0045590",
])
def test_hostile_codes_are_refused_with_file_and_line(tmp_path, capsys, code):
    content = tmp_path / "content"
    sitebuild_files = site_files(tmp_path, **{"procedures/a.md": PROCEDURE.format(
        slug="a", code=code, field=FIELD)})
    from conftest import write_files
    write_files(content, sitebuild_files)
    assert run_check(content) == 1
    assert "procedures/a.md:3: [E-PROCEDURE-CODE]" in capsys.readouterr().err
    assert portal_link(code, pelicanconf.__dict__ | {
        "PROCEDURES_PORTAL_URL": pelicanconf.PROCEDURES_PORTAL_URL}) is None


def test_checker_errors_for_every_field(tmp_path, capsys):
    from conftest import write_files
    content = tmp_path / "content"
    write_files(content, site_files(tmp_path, **{
        "procedures/b.md": PROCEDURE.format(slug="b", code="1.004559", field="Thú y"),
        "organisation/units/van-phong.md": UNIT.format(order="hai"),
        "organisation/leaders/le-quang-huy.md": LEADER.format(
            photo="/images/khong-co.jpg", units="Văn phòng Sở; Phòng Ma"),
    }))
    assert run_check(content) == 1
    err = capsys.readouterr().err
    assert "procedures/b.md:3: [E-PROCEDURE-CODE-DUPLICATE] mã thủ tục '1.004559' đã dùng ở procedures/a.md" in err
    assert "procedures/b.md:5: [E-PROCEDURE-FIELD] lĩnh vực 'Thú y'" in err
    assert "organisation/units/van-phong.md:3: [E-ORG-META] 'Order: hai'" in err
    assert "organisation/leaders/le-quang-huy.md:4: [E-ORG-PHOTO] không tìm thấy ảnh" in err
    assert "organisation/leaders/le-quang-huy.md:7: [E-ORG-UNIT] không có đơn vị 'Phòng Ma'" in err


def test_a_procedure_without_its_fields_is_an_error(tmp_path, capsys):
    from conftest import write_files
    content = tmp_path / "content"
    write_files(content, {"procedures/a.md": "Title: Thủ tục\nDate: 01/01/2025\n\nX.\n"})
    assert run_check(content) == 1
    err = capsys.readouterr().err
    for key in ("Code", "Level", "Field"):
        assert f"procedures/a.md:1: [E-META-MISSING] thiếu trường '{key}:'" in err


@pytest.mark.parametrize("template", [
    "javascript:alert(1)//{code}", "https://evil.example/{code}",
    "https://dichvucong.gov.vn@evil.example/{code}", "http://dichvucong.gov.vn/{code}",
    "https://dichvucong.gov.vn:8443/{code}", "//dichvucong.gov.vn/{code}",
    "https://dichvucong.gov.vn/x?a={code}&b={code}", "https://dichvucong.gov.vn/\"{code}",
    "https://dichvucong.gov.vn.evil.example/{code}",
])
def test_hostile_portal_settings_make_no_link(template):
    settings = {"PROCEDURES_PORTAL_URL": template,
                "PROCEDURES_PORTAL_HOST": "dichvucong.gov.vn"}
    assert portal_link("1.004559", settings) is None
    assert portal_link("1.004559", {**settings, "PROCEDURES_PORTAL_URL":
                                    "https://dichvucong.gov.vn/tt/{code}"}) == \
        "https://dichvucong.gov.vn/tt/1.004559"


def test_a_hostile_portal_setting_fails_the_build(build_site, tmp_path):
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_site(site_files(tmp_path),
                   PROCEDURES_PORTAL_URL="https://evil.example/?c={code}")
    assert "procedures/a.md:3: [E-PROCEDURE-LINK]" in str(failure.value)


def test_contact_point_and_disclosure_entries_are_validated(build_site, tmp_path):
    assert contact_problems({**pelicanconf.PORTAL_INFORMATION_CONTACT,
                             "phone": "0912 345 678"})
    assert contact_problems(pelicanconf.PORTAL_INFORMATION_CONTACT) == []
    assert safe_url("javascript:alert(1)") is None and safe_url("//x.example/") is None
    assert safe_url("lien-he/") == "lien-he/"
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_site(site_files(tmp_path), DISCLOSURE_ENTRIES=[
            {"what": "X", "url": "javascript:alert(1)"}],
                   PORTAL_INFORMATION_CONTACT={**pelicanconf.PORTAL_INFORMATION_CONTACT,
                                               "phone": "0912 345 678"})
    assert "DISCLOSURE_ENTRIES[1]" in str(failure.value)
    assert "số di động" in str(failure.value)
