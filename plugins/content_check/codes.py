"""What every error and warning code means and how to fix it, in Vietnamese.

One ``describe(code, meaning, fix[, where])`` per code that the checker, a build
plugin or the publishing gate can report. The editors' handbook table
(docs/bien-tap/ma-loi.md) is generated from these lines when the documentation is
built, so a new code is documented by adding its line here (or next to the rule, in
the plugin that reports it). Field names stay as content files spell them.
"""

from .registry import BUILD, PUBLISH, describe

# --- Encoding and characters -------------------------------------------------------
describe("E-UTF8",
         "Tệp không phải UTF-8 (thông báo cho biết vị trí byte lỗi); tệp lưu dạng "
         "UTF-16 cũng bị từ chối.",
         "Mở tệp và lưu lại với mã hóa UTF-8. Dấu BOM UTF-8 ở đầu tệp được chấp nhận.")
describe("E-NFC",
         "Chữ tiếng Việt không ở dạng Unicode NFC (dấu bị tách khỏi chữ, thường do dán "
         "từ PDF hay phần mềm khác).",
         "Chạy `make check FIX=1` (hoặc `invoke check --fix`): tệp được chuẩn hóa, "
         "nội dung không đổi.")
describe("E-CONTROL-CHAR",
         "Tệp chứa ký tự điều khiển vô hình (ví dụ U+000B ngắt dòng của Word, ký tự "
         "đảo chiều văn bản); thông báo nêu tên ký tự, dòng và cột.",
         "`make check FIX=1` sửa được ngắt dòng của Word và BOM lạc; các ký tự khác: "
         "xóa ở đúng dòng, cột được nêu.")
describe("E-NESTING",
         "Trích dẫn hoặc danh sách lồng nhau quá sâu (quá `CHECK_MAX_NESTING` mức, "
         "mặc định 20).",
         "Bỏ bớt các dấu `>` hoặc mức thụt đầu dòng thừa.")

# --- Front matter ------------------------------------------------------------------
describe("E-META-SYNTAX",
         "Một dòng ở phần đầu bài không có dạng `Tên: giá trị` với tên trường viết "
         "bằng chữ Latin không dấu (ví dụ `Tác giả:`, `Số:`); phần đầu bài dừng ở đó.",
         "Dùng tên trường tiếng Anh mà thông báo gợi ý: `Tác giả` → `Author`, "
         "`Tóm tắt` → `Summary`, `Ngày đăng` → `Date`, `Số` → `Number`.")
describe("E-META-MISSING",
         "Thiếu (hoặc để trống) một trường bắt buộc của loại nội dung này.",
         "Thêm trường được nêu vào phần đầu bài (xem trang của loại nội dung).")
describe("W-META-UNKNOWN",
         "Trường không thuộc loại nội dung này (thường là gõ nhầm tên, ví dụ "
         "`Catgory:`).",
         "Sửa tên trường cho đúng, hoặc xóa trường không dùng. Chỉ là cảnh báo.")
describe("E-META-UNKNOWN",
         "Một trường lạ mà mẫu địa chỉ trang trong cấu hình có dùng: giá trị của nó "
         "sẽ đi vào địa chỉ trang.",
         "Sửa tên trường cho đúng (thông báo gợi ý tên gần nhất) hoặc xóa trường.")
describe("E-META-GUID",
         "`Guid:` hoặc `Id:` (mã của mục trong RSS/Atom) không phải dạng `tag:…`, "
         "`urn:…`, `https://…`, cũng không phải một tên không dấu.",
         "Sửa theo một trong các dạng đó, hoặc xóa dòng.")
describe("E-FILE-NAME",
         "Tên một tệp hoặc thư mục trong `content/` chứa ký tự ẩn (ký tự đảo chiều "
         "chữ như U+202E, xuống dòng, ký tự điều khiển): tên hiện ra khác tên thật.",
         "Đổi tên tệp, chỉ dùng chữ thường không dấu, số, `-` và `.`.")
describe("E-META-VALUE",
         "Giá trị của một trường không nằm trong danh sách cho phép mà cấu hình quy "
         "định cho trường đó.",
         "Chọn đúng một giá trị trong danh sách được nêu trong thông báo.")
describe("W-SUMMARY-MISSING",
         "Bài tin hoặc bản tin chưa có `Summary:` (tóm tắt dùng ở danh sách và RSS).",
         "Viết một câu tóm tắt vào `Summary:`. Chỉ là cảnh báo.")
describe("W-TEXT-MARKUP",
         "Một trường văn bản thuần (Title, Author, Tags, Category, các trường hỏi đáp, "
         "bản tin) chứa thẻ HTML; thẻ được hiện nguyên văn, không bao giờ chạy.",
         "Bỏ thẻ HTML nếu không cố ý. Chỉ là cảnh báo.")
describe("E-DATE",
         "Ngày (`Date:`, `Modified:`, `Issued:`, `Starts:`, `Closes:`…) không đọc "
         "được, mơ hồ hoặc không có thật (31/02).",
         "Viết ngày/tháng/năm đủ 4 chữ số năm: `09/08/2019` hoặc `09/08/2019 14:30`.")
describe("E-TEMPLATE",
         "`Template:` để trống, nêu mẫu trang không có, hoặc mẫu dành cho loại nội "
         "dung khác.",
         "Xóa dòng `Template:` (thường không cần), hoặc dùng mẫu được liệt kê.")
describe("E-PLACEHOLDER",
         "Nội dung vẫn còn câu mẫu mà lệnh tạo bài viết sẵn (\"Viết nội dung bài ở "
         "đây.\").",
         "Thay câu mẫu bằng nội dung thật của bài.")
describe("E-AUTHOR-MISSING",
         "Bài tin đã công bố nhưng chưa có `Author:` (tác giả, người viết tin).",
         "Thêm dòng `Author: Họ Tên` vào phần đầu bài.")

# --- News: categories, addresses -----------------------------------------------------
describe("E-CATEGORY-MISSING",
         "Bài tin không có `Category:`.",
         "Thêm `Category:` với một chuyên mục có trong `NEWS_CATEGORIES`.")
describe("E-CATEGORY-UNKNOWN",
         "Chuyên mục không có trong `NEWS_CATEGORIES` (cấu hình pelicanconf.py).",
         "Chép đúng tên chuyên mục từ danh sách (cả dấu và dấu gạch ngang).")
describe("E-URL-COLLISION",
         "Hai tệp sẽ được ghi ra cùng một địa chỉ (hoặc một bài trùng địa chỉ trang "
         "lưu trữ, ví dụ `Slug: 09`).",
         "Thêm `Slug:` khác cho một trong hai tệp được nêu.")
describe("E-SLUG-INVALID",
         "`Slug:` không chỉ gồm `a-z`, `0-9` và dấu `-` đơn, hoặc dài quá 200 byte "
         "(cũng khi slug tự sinh từ một tiêu đề quá dài).",
         "Viết slug chữ thường không dấu, nối bằng `-`, ví dụ `hoi-nghi-tong-ket-2026`.")
describe("E-SAVE-AS-INVALID",
         "`Url:`/`Save_as:` không phải đường dẫn tương đối đơn giản, ra ngoài mục của "
         "loại nội dung, hoặc `Save_as:` không phải tệp `.html`.",
         "Xóa `Url:`/`Save_as:` (địa chỉ được tạo tự động); nếu cần, chỉ dùng `Slug:`.")
describe("E-OUTPUT-CONFLICT",
         "Trang của nội dung này sẽ ghi đè một tệp mà phần khác của trang web ghi "
         "(trang chủ, `404.html`, trang mục…); thông báo nêu cả hai nguồn.",
         "Đổi `Slug:` hoặc xóa `Save_as:`/`Url:` của tệp được nêu.")
describe("E-LEGACY-URL-INVALID",
         "`Legacy-URL:` không phải địa chỉ http(s) hoặc đường dẫn tuyệt đối hợp lệ "
         "trên một dòng (có khoảng trắng, dấu nháy, `..`, `;`, `{`, `<`…).",
         "Chép lại đúng địa chỉ cũ từ thanh địa chỉ trình duyệt, trên một dòng.")
describe("E-LEGACY-URL-DUPLICATE",
         "Hai bài cùng khai báo một địa chỉ cũ (`Legacy-URL:`).",
         "Giữ `Legacy-URL:` ở bài đúng, xóa ở bài kia.",
         where=BUILD)
describe("E-LEGACY-URL-CONFLICT",
         "Trang chuyển hướng của địa chỉ cũ sẽ ghi đè một tệp khác của trang web "
         "(trang chủ, `404.html`, ảnh…); thông báo nêu cả hai nguồn.",
         "Sửa hoặc xóa `Legacy-URL:` (thường là địa chỉ trang chủ cổng cũ).")

# --- Files: pictures, links, what may be under content/ ------------------------------
describe("E-SYMLINK",
         "Có liên kết tượng trưng (symlink) trong `content/`; không bao giờ được đọc "
         "hay công bố.",
         "Thay liên kết bằng tệp thật (chép tệp vào đúng chỗ).")
describe("E-STATIC-TYPE",
         "Tệp trong `content/` không phải Markdown, ảnh hay tài liệu được phép (SVG, "
         "HTML, JS, CSS, XML, tệp nén… đều bị từ chối).",
         "Xuất ảnh SVG ra PNG; đưa tài liệu về PDF/DOC/DOCX/ODT…; xóa tệp khác.")
describe("E-IMAGE-MISSING",
         "Ảnh được nêu (trong bài, `Image:` hay `Cover:`) không có.",
         "Chép ảnh vào đúng chỗ, hoặc sửa tên/đường dẫn (phân biệt chữ hoa, chữ "
         "thường).")
describe("E-PDF-MISSING",
         "Tệp PDF được nêu (trong bài hoặc `Pdf:`) không có.",
         "Chép tệp PDF vào đúng chỗ, hoặc sửa tên/đường dẫn.")
describe("E-LINK-BROKEN",
         "Liên kết `{filename}`/`{static}`/`{attach}` trỏ tới tệp không có; khi xuất "
         "bản: một liên kết, ảnh, CSS hay script của trang trỏ tới tệp không có.",
         "Sửa đường dẫn cho đúng tệp (tính từ `content/`), hoặc thêm tệp còn thiếu.")
describe("E-IMAGE-FILE-SIZE",
         "Ảnh nặng hơn `CHECK_MAX_IMAGE_BYTES` (mặc định 2 MiB).",
         "Xuất lại ảnh JPEG chất lượng khoảng 85 % hoặc thu nhỏ kích thước.")
describe("E-IMAGE-DIMENSIONS",
         "Ảnh rộng hoặc cao hơn `CHECK_MAX_IMAGE_WIDTH`/`HEIGHT` (mặc định 4000 px).",
         "Thu nhỏ ảnh (cạnh dài khoảng 2000 px là đủ).")
describe("E-IMAGE-CORRUPT",
         "Ảnh không đọc được, bị cắt cụt hoặc không phải ảnh.",
         "Xuất lại ảnh từ bản gốc và chép đè tệp cũ.")
describe("E-ILLUSTRATION-PERSON",
         "Chú thích của một ảnh minh họa (`{: .illustration}`) gọi tên một người "
         "thật, như thể đó là ảnh chụp người ấy.",
         "Chú thích điều hình thật sự cho thấy, hoặc dùng ảnh chụp thật và bỏ "
         "`{: .illustration}`.")
describe("E-IMAGE-TOO-LARGE",
         "Ảnh có quá nhiều điểm ảnh (`IMAGES_MAX_PIXELS`) hoặc là \"bom giải nén\".",
         "Thu nhỏ ảnh rồi xuất lại.",
         where=BUILD)
describe("E-RAW-HTML",
         "Bộ lọc HTML sẽ phải bỏ một phần nội dung hoặc `Summary:` (thẻ `<script>`, "
         "`<iframe>`, `<form>`, thuộc tính `on…=`/`style=`, địa chỉ `javascript:`, ảnh "
         "lấy từ trang khác…); thông báo nói rõ phần nào.",
         "Xóa phần được nêu; ảnh phải chép vào `content/images/`; video: dùng liên "
         "kết thường.")

# --- Bulletins ----------------------------------------------------------------------
describe("E-BULLETIN-META",
         "Bản tin thiếu `Date:`, `Cover:` hoặc `PDF:`; `Number:`/`Year:` không phải "
         "số.",
         "Bổ sung trường được nêu; `Number:` là số nguyên dương.",
         where=BUILD)
describe("E-BULLETIN-FILE",
         "Ảnh bìa hoặc tệp PDF của bản tin không có, nằm ngoài `content/`, hoặc không "
         "phải ảnh/PDF.",
         "Đặt tệp bìa (JPEG, PNG, WebP) và tệp PDF cạnh tệp .md, đúng tên đã ghi.",
         where=BUILD)
describe("E-BULLETIN-TOC",
         "Một dòng `Contents:` không có đích, hoặc nêu một bài tin không có.",
         "Mỗi dòng: `Tiêu đề | news/2019/ten-bai.md | trang 2` (bài và/hoặc trang).",
         where=BUILD)

# --- Q&A ----------------------------------------------------------------------------
describe("E-QA-CONTACT",
         "Câu hỏi đáp (bất kỳ trường nào, slug hay câu trả lời) chứa số điện thoại hay "
         "e-mail của người hỏi.",
         "Xóa số điện thoại, e-mail; chỉ giữ tên (hoặc tên viết tắt) và địa phương.")
describe("E-QA-PERSONAL",
         "Hỏi đáp chứa dữ liệu cá nhân khác của người hỏi: số căn cước/CMND, địa chỉ "
         "nhà riêng (số nhà, ngõ, ngách, hẻm, tổ, thôn, xóm kèm số) hoặc ngày sinh.",
         "Xóa số giấy tờ và ngày sinh; địa chỉ chỉ giữ xã/phường, huyện/tỉnh.")
describe("E-QA-META",
         "Hỏi đáp thiếu `Title:`, `Question:`, `Asker:`, `Locality:` hoặc `Asked:`, "
         "hoặc có trường không được phép (`Address:`, `Phone:`…).",
         "Bổ sung trường thiếu; xóa trường về người hỏi ngoài tên và địa phương.",
         where=BUILD)
describe("E-QA-FIELD",
         "`Field:` của hỏi đáp thiếu hoặc không có trong `QA_FIELDS`.",
         "Chọn đúng một lĩnh vực trong `QA_FIELDS`.")
describe("E-QA-DATE",
         "Ngày trả lời (`Date:`) trước ngày hỏi (`Asked:`).",
         "Sửa một trong hai ngày.",
         where=BUILD)

# --- Documents (văn bản, dự thảo) ----------------------------------------------------
describe("E-DOC-META",
         "Văn bản thiếu `Number:`, `Signer:` hoặc `Issued:` (dự thảo thì cần "
         "`Consultation-opens:`/`-closes:` thay vào đó).",
         "Bổ sung trường được nêu.")
describe("E-DOC-TYPE",
         "`Type:` không có trong `DOCUMENTS_TYPES`.",
         "Chọn đúng một loại văn bản trong danh sách (Quyết định, Chỉ thị…).")
describe("E-DOC-FIELD",
         "`Field:` của văn bản không có trong `DOCUMENTS_FIELDS`.",
         "Chọn đúng một lĩnh vực trong danh sách.")
describe("E-DOC-ISSUER",
         "`Issuer:` không có trong `DOCUMENTS_ISSUERS`.",
         "Chép đúng tên cơ quan ban hành trong danh sách.")
describe("E-DOC-FILE",
         "Tệp `File:`/`Result:` không có, nằm ngoài `content/`, không phải "
         "PDF/DOC/DOCX/ODT, hoặc nội dung không đúng với đuôi tệp.",
         "Đặt tệp cạnh tệp .md, đúng tên; xuất lại tệp nếu bị hỏng.")
describe("E-DOC-VALIDITY",
         "`Validity:` không phải một trong ba giá trị, mâu thuẫn với `Replaced-by:`, "
         "hoặc nằm ở một loại văn bản không có hiệu lực pháp lý (báo cáo, thông báo: "
         "chỉ các loại trong `DOCUMENTS_FORCE_TYPES` có).",
         "Dùng `còn hiệu lực`, `hết hiệu lực` hoặc `bị thay thế`, hoặc xóa dòng.")
describe("E-DOC-CONSULTATION",
         "Dự thảo chỉ có một trong hai ngày lấy ý kiến, hoặc ngày kết thúc trước ngày "
         "bắt đầu.",
         "Ghi cả `Consultation-opens:` và `Consultation-closes:`, đúng thứ tự.")
describe("E-DOC-NUMBER-DUPLICATE",
         "Hai văn bản cùng `Number:` (nêu cả hai tệp và dòng).",
         "Sửa số/ký hiệu sai, hoặc xóa tệp trùng.")
describe("E-DOC-REPLACED-BY",
         "`Replaced-by:` nêu một số văn bản không có.",
         "Ghi đúng `Number:` của văn bản thay thế (đã có tệp).")
describe("E-DOC-RESULT",
         "`Result:` nêu một tệp không có hoặc một số văn bản không có.",
         "Ghi tên tệp báo cáo đặt cạnh tệp .md, hoặc `Number:` của văn bản báo cáo.")
describe("E-DOC-COMMENT-URL",
         "Cấu hình `DOCUMENTS_COMMENT_URL` không phải địa chỉ https tuyệt đối.",
         "Người quản trị sửa cấu hình trong pelicanconf.py.",
         where=BUILD)

# --- Procedures ---------------------------------------------------------------------
describe("E-PROCEDURE-CODE",
         "`Code:` của thủ tục không có dạng một chữ số, dấu chấm, sáu chữ số "
         "(`1.004559`).",
         "Chép đúng mã thủ tục trên Cổng dịch vụ công quốc gia.")
describe("E-PROCEDURE-CODE-DUPLICATE",
         "Hai thủ tục cùng một mã (nêu tệp kia).",
         "Sửa mã sai, hoặc xóa tệp trùng.")
describe("E-PROCEDURE-LEVEL",
         "`Level:` không có trong `PROCEDURE_LEVELS`.",
         "Chọn đúng một mức trong danh sách (Toàn trình, Một phần…).")
describe("E-PROCEDURE-FIELD",
         "`Field:` của thủ tục không có trong `PROCEDURE_FIELDS`.",
         "Chọn đúng một lĩnh vực trong danh sách.")
describe("E-PROCEDURE-LINK",
         "Liên kết tạo từ `PROCEDURES_PORTAL_URL` không phải https trên "
         "`PROCEDURES_PORTAL_HOST` (lỗi cấu hình, báo ở dòng `Code:`).",
         "Người quản trị sửa cấu hình trong pelicanconf.py.")

# --- Science tasks and calls --------------------------------------------------------
describe("E-TASK-CODE",
         "`Code:` của nhiệm vụ có khoảng trắng hoặc ký tự khác chữ, số, `. / -`, hoặc "
         "dài quá 40 ký tự.",
         "Viết mã liền, ví dụ `ĐT.NN.01-2024`.")
describe("E-TASK-CODE-DUPLICATE",
         "Hai nhiệm vụ cùng `Code:` (nêu cả hai tệp và dòng).",
         "Sửa mã sai, hoặc xóa tệp trùng.")
describe("E-TASK-LEVEL",
         "`Level:` không có trong `SCIENCE_TASK_LEVELS`.",
         "Chọn `Cấp tỉnh` hoặc `Cấp cơ sở` (hoặc mức có trong danh sách).")
describe("E-TASK-FIELD",
         "`Field:` của nhiệm vụ không có trong `SCIENCE_TASK_FIELDS`.",
         "Chọn đúng một lĩnh vực khoa học trong danh sách.")
describe("E-TASK-STATUS",
         "`Stage:` không có trong `SCIENCE_TASK_STATUSES`.",
         "Chọn đúng một tình trạng (Đề xuất, Tuyển chọn, Đang thực hiện…).")
describe("E-TASK-GRADE",
         "`Grade:` không có trong `SCIENCE_TASK_GRADES`.",
         "Chọn đúng một xếp loại nghiệm thu trong danh sách.")
describe("E-TASK-DURATION",
         "`Ends:` trước `Starts:`.",
         "Sửa ngày bắt đầu hoặc kết thúc.")
describe("E-TASK-BUDGET",
         "`Budget:` không phải số đồng nguyên.",
         "Viết `3.521.000.000` hoặc `3521000000` (không chữ, không \"đồng\").")
describe("E-TASK-YEAR",
         "`Year:` không phải 4 chữ số.",
         "Viết năm đủ 4 chữ số, hoặc xóa dòng (mặc định là năm của `Starts:`).")
describe("E-TASK-RESULT",
         "Kết quả không khớp tình trạng: đã nghiệm thu mà thiếu `Accepted:`/`Grade:`; "
         "có kết quả khi tình trạng chưa cho phép; nghiệm thu trước ngày bắt đầu.",
         "Bổ sung ngày nghiệm thu và xếp loại, hoặc sửa `Stage:` cho đúng.")
describe("E-TASK-FILE",
         "Tệp `Product:` không có, nằm ngoài `content/`, không phải PDF/DOC/DOCX/ODT "
         "hoặc không đúng với đuôi tệp.",
         "Đặt tệp cạnh tệp .md, đúng tên; xuất lại tệp nếu bị hỏng.")
describe("E-CALL-KIND",
         "`Kind:` của thông báo không có trong `SCIENCE_CALL_KINDS`.",
         "Chọn `Tuyển chọn` hoặc `Giao trực tiếp`.")
describe("E-CALL-DATES",
         "`Closes:` của thông báo trước `Opens:`.",
         "Sửa ngày mở hoặc hạn chót nhận hồ sơ.")
describe("E-CALL-TASK",
         "Một dòng `Task:` nêu mã mà không nhiệm vụ nào có.",
         "Ghi đúng `Code:` của nhiệm vụ (tạo tệp nhiệm vụ trước nếu chưa có).")
describe("E-CALL-FILE",
         "Tệp `File:` của thông báo không có, nằm ngoài `content/`, không phải "
         "PDF/DOC/DOCX/ODT hoặc không đúng với đuôi tệp.",
         "Đặt tệp cạnh tệp .md, đúng tên; xuất lại tệp nếu bị hỏng.")

# --- Organisation -------------------------------------------------------------------
describe("E-CALL-RESULT",
         "`Result:` của thông báo không kèm dòng `Selected:` nào (hoặc ngược lại), hoặc "
         "một dòng `Selected:` nêu mã không có trong các dòng `Task:` của thông báo.",
         "Ghi quyết định vào `Result:` và mỗi nhiệm vụ được chọn một dòng "
         "`Selected:` ghi mã nhiệm vụ, đúng mã trong `Task:`.")
describe("W-CALL-NO-RESULT",
         "Thông báo tuyển chọn đã hết hạn quá `SCIENCE_CALL_RESULT_DAYS` ngày (mặc định "
         "30) mà chưa công bố kết quả (Luật KH&CN, Điều 29).",
         "Thêm `Result:` (quyết định phê duyệt) và các dòng `Selected:`. Chỉ là cảnh "
         "báo.")
describe("E-ORG-META",
         "`Order:` của đơn vị hoặc lãnh đạo không phải số nguyên; `Group:` của đơn vị "
         "không có trong `ORGANISATION_UNIT_GROUPS`.",
         "Viết `Order:` là số nguyên; chọn `Group:` trong danh sách.")
describe("E-ORG-PHOTO",
         "`Photo:` của lãnh đạo không có, nằm ngoài `content/`, hoặc không phải "
         "JPEG/PNG/WebP.",
         "Đặt ảnh chân dung vào `content/images/lanh-dao/` và ghi đúng đường dẫn.")
describe("E-ORG-UNIT",
         "`Units:` của lãnh đạo nêu một đơn vị không có tệp nào mang đúng `Title:` đó.",
         "Chép đúng `Title:` của đơn vị; nhiều đơn vị cách nhau bằng `;`.")

# --- The build itself ---------------------------------------------------------------
describe("E-SEARCH-INDEX",
         "Không tạo được chỉ mục tìm kiếm (Pagefind không có hoặc bị lỗi); không có gì "
         "được công bố.",
         "Người quản trị chạy lại `make html`; nếu vẫn lỗi, cài lại môi trường "
         "(`rm -r .venv && make html`).",
         where=BUILD)

# --- The publishing gate (make publish), in the built site --------------------------
describe("E-ASSET-EXTERNAL",
         "Một trang tải ảnh, script, CSS hay khung từ trang web khác.",
         "Chép tài nguyên vào `content/` (ảnh) hoặc bỏ nó; trang không được tải gì "
         "từ nơi khác.",
         where=PUBLISH)
describe("E-ACTIVE-CONTENT",
         "Một trang hay mục RSS có nội dung chạy được (script, thuộc tính `on…=`, "
         "địa chỉ `javascript:`, khung, biểu mẫu gửi ra ngoài…).",
         "Báo người quản trị: nội dung biên tập đã được lọc, nên lỗi này đến từ mẫu "
         "trang hoặc plugin.",
         where=PUBLISH)
describe("E-FEED-XML",
         "Một tệp RSS/Atom (hoặc `.xml` khác) không phải XML hợp lệ.",
         "Báo người quản trị, kèm tên tệp được nêu.",
         where=PUBLISH)
describe("E-FEED-LINK",
         "Một liên kết trong RSS/Atom không tuyệt đối hoặc trỏ tới trang không có.",
         "Báo người quản trị (kiểm tra `SITEURL` trong publishconf.py).",
         where=PUBLISH)
describe("E-NGINX-MAP",
         "Một dòng trong tệp chuyển hướng `nginx/*.map` của bản phát hành không phải "
         "một mục `\"/cu\" \"/moi/\";` an toàn.",
         "Báo người quản trị; thường do một `Legacy-URL:` lạ (xem E-LEGACY-URL-INVALID).",
         where=PUBLISH)
describe("E-NGINX-CONFIG",
         "`nginx -t` từ chối cấu hình trang web cùng các tệp chuyển hướng của bản phát "
         "hành.",
         "Người quản trị đọc thông báo của nginx; không có gì được tải lên.",
         where=PUBLISH)
