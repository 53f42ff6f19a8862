"""`cchc init DIR`: a new project folder that validates and builds as it is.

It holds the marker `cchc-project.yaml` (settings, commented), `params/units.yaml` with one
sample unit, that unit's report parameters for one year, a tiny set of registers in
`data/<year>/<slug>/` (CSV UTF-8 with BOM, as Excel saves them) and README.md files telling the
analyst, in Vietnamese, what to edit. The files are the analyst's from then on: nothing here is
read again by the tool.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from . import paths, schema
from .project import KEYS

SLUG, KIND, NAME = "phuong-mau", "phường", "Mẫu"
DEFAULT_PROVINCE = "Quảng Ngãi"


class ScaffoldError(ValueError):
    """The folder cannot be used; the message is Vietnamese."""


def default_year(today: dt.date | None = None) -> int:
    """The last year whose report is due: the year before this one."""
    return (today or dt.date.today()).year - 1


def _scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when it reads back unchanged, else double-quoted."""
    import json

    import yaml

    try:
        if yaml.safe_load(text) == text:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def marker_text(province: str) -> str:
    return f"""\
# Cài đặt của dự án báo cáo cải cách hành chính (CCHC).
# Tệp này đánh dấu thư mục dự án: lệnh «cchc validate» và «cchc build» chạy trong thư mục này
# (hoặc một thư mục con của nó) sẽ dùng params/, data/ và thư mục kết quả của dự án này.
# Mọi khóa đều không bắt buộc; bỏ dấu # ở đầu dòng để dùng một khóa.

# {KEYS['province']}
province: {_scalar(province)}

# {KEYS['cutoff_calendar']}
cutoff_calendar: bnv

# {KEYS['import_profile']}
# import_profile:

# {KEYS['output']}
# output: output

# {KEYS['max_register_mb']}
# max_register_mb: 128
"""


def units_text(year: int, province: str) -> str:
    return f"""\
# Danh sách đơn vị hành chính của dự án. Mỗi đơn vị: mã ĐVHC (chuỗi chữ số, không trùng), slug
# (loại-tên-không-dấu, dùng làm tên thư mục), loại (phường | xã | thị trấn), tên (không kèm loại),
# đơn vị cấp trên (để trống nếu không có), tỉnh, ngày bắt đầu hiệu lực, ngày hết hiệu lực (để trống
# khi đơn vị còn tồn tại), mã các đơn vị kế thừa (nếu có).
# Thay đơn vị mẫu dưới đây bằng đơn vị của mình, rồi đổi tên params/{year}/{SLUG}.yaml và
# data/{year}/{SLUG}/ theo slug mới.
units:
  - code: "99001"
    slug: {SLUG}
    kind: {KIND}
    name: {NAME}
    parent:
    province: {_scalar(province)}
    valid_from: {year}-01-01
"""


def params_text(year: int) -> str:
    return f"""\
# Tham số báo cáo CCHC năm {year} của phường Mẫu: số, ngày ban hành, kỳ báo cáo, người ký, nơi nhận,
# chỉ tiêu và phần thuyết minh (những điều sổ sách không cho biết). Các số liệu trong báo cáo
# được tính từ sổ sách trong data/{year}/{SLUG}/, không gõ ở đây.
unit: {SLUG}                    # slug của đơn vị trong params/units.yaml, trùng tên tệp
year: {year}                        # năm báo cáo, trùng tên thư mục
number: "01/BC-UBND"            # số ký hiệu của báo cáo
issued_on: {year}-12-06             # ngày ban hành
period:                         # kỳ báo cáo (chốt số liệu)
  start: {year}-01-01
  end: {year}-12-06
basis: "Thực hiện nhiệm vụ báo cáo định kỳ công tác cải cách hành chính năm {year}."
signatory:
  authority: TM                 # TM hoặc KT
  title: CHỦ TỊCH
  name: Nguyễn Văn A
recipients:
  - Sở Nội vụ
  - "Lưu: VT."
addressee: Sở Nội vụ
on_time_basis: received
targets:
  intake_digitisation: 0.5      # chỉ tiêu số hóa hồ sơ tiếp nhận (0,5 = 50%)
  on_time: 0.95                 # chỉ tiêu giải quyết đúng hạn
narrative:                      # {{vb:SỐ_KÝ_HIỆU}} trích dẫn một văn bản trong sổ văn bản
  direction:
    - "UBND phường đã ban hành {{vb:10/QĐ-UBND}}."
  communication:
    - "Triển khai {{vb:19/KH-UBND}}."
"""


def registers(year: int) -> dict[str, tuple[list[str], list[list[str]]]]:
    """The four registers of the sample unit-year, as an analyst would type them."""
    y, p = year, year - 1
    return {
        "ho-so": (
            ["Mã hồ sơ", "Thủ tục", "Lĩnh vực", "Kênh nộp", "Ngày tiếp nhận", "Hạn giải quyết", "Ngày có kết quả",
             "Trạng thái", "Tiếp nhận chi tiết", "Thuộc diện số hóa TPHS", "Đã số hóa TPHS",
             "Thuộc diện số hóa kết quả", "Đã số hóa kết quả", "Thanh toán trực tuyến",
             "Số tiền thanh toán (đồng)", "Thu phí, lệ phí"],
            [
                ["HS-001", "Đăng ký khai sinh", "Hộ tịch", "Trực tuyến", f"03/01/{y}", f"04/01/{y}", f"03/01/{y}",
                 "Đã giải quyết", "Có", "Có", "Có", "Có", "Có", "Có", "8000", "Có"],
                ["HS-002", "Chứng thực bản sao", "Chứng thực", "Trực tiếp", f"05/01/{y}", f"05/01/{y}",
                 f"05/01/{y}", "Đã giải quyết", "Không", "Có", "Không", "Có", "Không", "Không", "0", "Không"],
                ["HS-003", "Đăng ký kết hôn", "Hộ tịch", "Bưu chính", f"10/02/{y}", f"15/02/{y}", f"14/02/{y}",
                 "Đã giải quyết", "Có", "Có", "Có", "Có", "Có", "Có", "50000", "Có"],
                ["HS-004", "Đăng ký khai tử", "Hộ tịch", "Trực tuyến", f"20/12/{p}", f"25/12/{p}", f"05/01/{y}",
                 "Đã giải quyết", "Có", "Có", "Có", "Có", "Có", "Không", "0", "Có"],
                ["HS-005", "Chứng thực chữ ký", "Chứng thực", "Trực tiếp", f"01/12/{y}", f"10/12/{y}", "",
                 "Đang giải quyết", "Không", "Có", "Không", "Không", "Không", "Không", "0", "Không"],
                ["HS-006", "Đăng ký khai sinh", "Hộ tịch", "Trực tuyến", f"15/03/{y}", f"16/03/{y}", f"16/03/{y}",
                 "Rút hồ sơ", "Không", "Không", "Không", "Không", "Không", "Không", "0", "Không"],
            ],
        ),
        "can-bo": (
            ["Mã", "Nhóm", "Chức danh", "Vị trí trống", "Trình độ văn hóa", "Trình độ chuyên môn",
             "Lý luận chính trị", "Đạt chuẩn chức danh", "Nâng lương thường xuyên", "Nâng lương trước thời hạn",
             "Kỷ luật", "Cập nhật phần mềm"],
            [
                ["CB01", "Cán bộ", "Chủ tịch UBND", "Không", "12/12", "Thạc sĩ", "Cao cấp", "Có", "Có", "Không",
                 "Không", "Có"],
                ["CC01", "Công chức", "Văn phòng - Thống kê", "Không", "12/12", "Đại học", "Trung cấp", "Có",
                 "Không", "Có", "Không", "Có"],
                ["KCT01", "Người hoạt động không chuyên trách", "Phó Chỉ huy trưởng Quân sự", "Có", "", "", "",
                 "Không", "Không", "Không", "Không", "Không"],
            ],
        ),
        "van-ban": (
            ["Số ký hiệu", "Ngày ban hành", "Loại văn bản", "Trích yếu", "Cơ quan ban hành", "Lĩnh vực CCHC",
             "Văn bản QPPL"],
            [
                ["10/QĐ-UBND", f"10/01/{y}", "Quyết định", f"ban hành Kế hoạch cải cách hành chính năm {y}", "",
                 "Chỉ đạo, điều hành", "Không"],
                ["19/KH-UBND", f"02/03/{y}", "Kế hoạch", f"tuyên truyền cải cách hành chính năm {y}", "",
                 "Tuyên truyền", "Không"],
            ],
        ),
        "chi-so": (
            ["Mã chỉ số", "Chỉ số", "Giá trị", "Đơn vị"],
            [
                ["so_may_tinh", "Số máy vi tính", "24", "máy"],
                ["chu_ky_so_to_chuc", "Chữ ký số của cơ quan", "1", "chữ ký số"],
                ["chu_ky_so_ca_nhan", "Chữ ký số cá nhân", "7", "chữ ký số"],
                ["ty_le_van_ban_dien_tu", "Tỷ lệ văn bản trao đổi dưới dạng điện tử", "95", "%"],
                ["ty_le_hop_thu_cong_vu", "Tỷ lệ CBCC có hộp thư điện tử công vụ", "100", "%"],
                ["ty_le_ho_so_cong_viec_tren_mang", "Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng", "100",
                 "%"],
                ["trang_thong_tin_tu", "Trang thông tin điện tử hoạt động từ", f"12/{p - 1}", "tháng/năm"],
                ["iso_9001", "Áp dụng ISO 9001:2015", "Có", ""],
                ["von_dau_tu_cong_giai_ngan", "Vốn đầu tư công đã giải ngân", "0", "đồng"],
                ["so_phan_anh_kien_nghi", "Số phản ánh, kiến nghị về quy định hành chính", "0", "lượt"],
            ],
        ),
    }


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    """CSV UTF-8 with BOM and CRLF, as Excel's "CSV UTF-8" saves it (so Excel opens it right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def readme_text(year: int) -> str:
    return f"""\
# Dự án báo cáo cải cách hành chính (CCHC)

Thư mục này là một **dự án**: tệp `{paths.MARKER}` đánh dấu nó và giữ các cài đặt chung. Lệnh `cchc`
chạy ở đây (hoặc trong thư mục con) sẽ đọc dữ liệu và ghi báo cáo của dự án này.

## Cần sửa gì

| tệp, thư mục | nội dung | ai sửa |
|---|---|---|
| `{paths.MARKER}` | tỉnh, lịch chốt số liệu, hồ sơ nhập dữ liệu, thư mục kết quả | cán bộ phụ trách dự án |
| `params/units.yaml` | danh sách phường, xã: mã ĐVHC, tên, hiệu lực | cán bộ phụ trách dự án |
| `params/<năm>/<slug>.yaml` | một báo cáo: số, ngày, người ký, nơi nhận, chỉ tiêu, phần thuyết minh | chuyên viên của đơn vị |
| `data/<năm>/<slug>/` | sổ sách: `ho-so`, `can-bo`, `van-ban`, `chi-so` (CSV UTF-8 hoặc XLSX) | xuất từ phần mềm, không sửa tay |
| `notebooks/` | (không bắt buộc) phần báo cáo viết riêng cho dự án, thay phần cùng số của công cụ | người biết Jupyter |

Dự án mới có sẵn một đơn vị mẫu, **phường Mẫu** (`{SLUG}`), năm {year}, với sổ sách nhỏ hợp lệ,
để thử ngay. Khi dùng thật: thay đơn vị mẫu trong `params/units.yaml` bằng các đơn vị của mình,
mỗi đơn vị một tệp `params/<năm>/<slug>.yaml` và một thư mục `data/<năm>/<slug>/`; xóa phần của
phường Mẫu.

## Các lệnh

```sh
cchc validate                 # kiểm tra dữ liệu, báo lỗi bằng tiếng Việt (tệp, dòng, cột)
cchc build                    # dựng báo cáo HTML và PDF vào output/ (chỉ chạy lại phần có thay đổi)
cchc build --year {year} --unit {SLUG}
cchc build --output D:/bao-cao  # ghi báo cáo vào thư mục khác
```

Mở `output/index.html` để xem danh sách báo cáo; mỗi báo cáo có
`output/<năm>/<slug>/bao-cao-cchc-<slug>-<năm>.html` (để rà soát) và `.pdf` (văn bản để ký).

## Viết lại một phần báo cáo

Mỗi phần của báo cáo là một notebook `NN_<tên>.ipynb` của công cụ (01 đến 10). Muốn viết khác một
phần mà không sửa công cụ: chép notebook đó của công cụ vào thư mục `notebooks/` của dự án (giữ số
`NN` ở đầu tên), rồi sửa bản chép. Notebook `notebooks/NN_*.ipynb` của dự án thay cho phần cùng số
của công cụ; một số mới thêm một phần. Xem `notebooks/README.md`.
"""


def params_readme(year: int) -> str:
    return f"""\
# params/ — tham số và phần thuyết minh của báo cáo

- `units.yaml`: danh sách đơn vị hành chính. Đơn vị được nhận biết bằng mã ĐVHC và thời gian
  hiệu lực, không bằng tên. Slug (`{SLUG}`) là tên thư mục của đơn vị: chữ thường không dấu,
  nối bằng dấu gạch ngang, bắt đầu bằng loại đơn vị (`phuong-`, `xa-`, `thi-tran-`).
- `<năm>/<slug>.yaml`: một báo cáo (ví dụ `{year}/{SLUG}.yaml`): số ký hiệu, ngày ban hành, kỳ báo
  cáo, người ký, nơi nhận, chỉ tiêu, và phần thuyết minh mà sổ sách không cho biết. Mỗi dòng đều
  có chú thích trong tệp mẫu.

Mọi tệp là UTF-8, tiếng Việt có dấu đầy đủ. Ngày viết dạng `{year}-12-06`. Không gõ số liệu vào
phần thuyết minh: số liệu được tính từ sổ sách, và `cchc validate` báo lỗi khi lời văn mâu thuẫn
với sổ sách. Trích dẫn văn bản bằng `{{vb:SỐ_KÝ_HIỆU}}` (văn bản phải có trong sổ văn bản).
"""


def data_readme(year: int) -> str:
    lines = [f"""\
# data/ — sổ sách của đơn vị

Mỗi đơn vị, mỗi năm một thư mục `data/<năm>/<slug>/` (ví dụ `data/{year}/{SLUG}/`) với bốn sổ, mỗi sổ
một tệp CSV (UTF-8, Excel lưu bằng «CSV UTF-8») hoặc XLSX cùng tên, dòng 1 là tiêu đề cột. Thứ tự
cột không quan trọng; tên cột không phân biệt hoa thường. Công cụ chỉ đọc thư mục này, không bao
giờ ghi vào. Muốn đổi một số liệu: sửa sổ sách (hoặc xuất lại từ phần mềm), không sửa báo cáo.
Sau mỗi lần sửa, chạy `cchc validate`: lỗi được báo theo tệp, dòng, cột.

Các cột của từng sổ:
"""]
    for reg in schema.REGISTERS:
        lines.append(f"\n## `{reg.stem}` — {reg.title}\n")
        for c in reg.columns:
            allowed = f": {', '.join(c.values)}" if c.values else ""
            need = "bắt buộc" if c.required else "không bắt buộc"
            lines.append(f"- `{c.header}` ({need}{', được để trống' if c.nullable else ''}){allowed}")
    return "\n".join(lines) + "\n"


NOTEBOOKS_README = """\
# notebooks/ — phần báo cáo riêng của dự án (không bắt buộc)

Thư mục này để trống thì báo cáo dùng các phần (notebook) của công cụ. Một notebook `NN_<tên>.ipynb` đặt ở đây
(`NN` là hai chữ số, tên viết thường không dấu, nối bằng dấu gạch ngang) **thay cho phần cùng số của
công cụ**; một số mà công cụ không có thì thêm một phần mới. Cách làm: chép notebook của công cụ
(xem đường dẫn bằng lệnh `python -c "import cchc.paths as p; print(p.tool_notebooks_dir())"`) vào
đây, giữ số ở đầu tên, rồi sửa bản chép trong JupyterLab. Giữ ô tham số (`unit`, `year`,
`snapshot`) như bản gốc: `cchc build` điền các tham số đó cho từng đơn vị, từng năm.
"""


def files(year: int, province: str) -> dict[str, bytes]:
    """Every file of a new project, by path relative to it."""
    out = {
        paths.MARKER: marker_text(province),
        "README.md": readme_text(year),
        "params/README.md": params_readme(year),
        "params/units.yaml": units_text(year, province),
        f"params/{year}/{SLUG}.yaml": params_text(year),
        "data/README.md": data_readme(year),
        "notebooks/README.md": NOTEBOOKS_README,
    }
    encoded = {k: v.encode("utf-8") for k, v in out.items()}
    for stem, (header, rows) in registers(year).items():
        encoded[f"data/{year}/{SLUG}/{stem}.csv"] = csv_bytes(header, rows)
    return encoded


def scaffold(root: Path, year: int | None = None, province: str | None = None) -> Path:
    """Create a project in `root` (missing or empty); return its resolved path."""
    root = Path(root).resolve()
    year = year or default_year()
    province = (province or DEFAULT_PROVINCE).strip()
    if not 2000 <= year <= 2100:
        raise ScaffoldError(f"năm {year} không hợp lệ (cần từ 2000 đến 2100).")
    if root.exists() and not root.is_dir():
        raise ScaffoldError(f"{root} đã có và không phải thư mục.")
    if root.is_dir() and any(root.iterdir()):
        raise ScaffoldError(f"thư mục {root} không trống; hãy chọn một thư mục mới hoặc trống để tạo dự án "
                            "(không ghi đè tệp nào đã có).")
    for rel, content in files(year, province).items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return root
