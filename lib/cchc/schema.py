"""The input registers: every column, its Vietnamese header, type, allowed values and meaning.

This module is the single contract between the sample generator, the readers, validation, the
figures and `data/README.md`. Internal column keys are ASCII snake case; files carry the
Vietnamese headers an analyst sees (`Column.header`). Enumerated values are stored in files as
Vietnamese labels and turned into ASCII codes on load (`Column.values`: label -> code).
"""
from __future__ import annotations

from dataclasses import dataclass, field

# The index of every register frame as read: the spreadsheet row number (header = row 1).
ROW_INDEX_NAME = "dong"
# A register frame made of several files (a period across calendar years) keeps each row's file,
# relative to the project (`paths.relative`), in this column; its index (row numbers) is then not
# unique. Figures name one `Source` per file, with that file's rows.
SOURCE_FILE = "_tep"

# Value kinds a column may have.
STR, INT, FLOAT, DATE, BOOL, ENUM = "str", "int", "float", "date", "bool", "enum"

# Booleans are written "Có" / "Không" in files; these spellings are also accepted.
BOOL_TRUE = ("có", "x", "1", "true", "yes", "đúng", "rồi")
BOOL_FALSE = ("không", "", "0", "false", "no", "sai", "chưa")


@dataclass(frozen=True)
class Column:
    key: str  # internal name used by the code
    header: str  # the Vietnamese header written in the file
    kind: str  # one of STR, INT, FLOAT, DATE, BOOL, ENUM
    meaning: str  # what it is, in English (data/README.md shows it)
    feeds: str = ""  # which report figure it feeds
    required: bool = True  # the column must be present
    nullable: bool = False  # an empty cell is allowed
    values: dict[str, str] = field(default_factory=dict)  # ENUM: Vietnamese label -> code
    unique: bool = False
    min_value: float | None = None
    max_value: float | None = None

    def label(self, code: str) -> str:
        """The Vietnamese label of an enum code."""
        for lab, c in self.values.items():
            if c == code:
                return lab
        raise KeyError(code)


@dataclass(frozen=True)
class Register:
    key: str  # internal name
    stem: str  # file name without extension inside data/<year>/<slug>/
    title: str  # Vietnamese name shown in messages
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    @property
    def headers(self) -> dict[str, str]:
        return {c.header: c.key for c in self.columns}


CHANNELS = {"Trực tuyến": "truc_tuyen", "Trực tiếp": "truc_tiep", "Bưu chính": "buu_chinh"}
STATUSES = {
    "Đã giải quyết": "da_giai_quyet",
    "Đang giải quyết": "dang_giai_quyet",
    "Rút hồ sơ": "rut",
    "Trả lại": "tra_lai",
    "Chờ bổ sung": "cho_bo_sung",
}
STAFF_GROUPS = {
    "Cán bộ": "can_bo",
    "Công chức": "cong_chuc",
    "Người hoạt động không chuyên trách": "khong_chuyen_trach",
}
GENERAL_EDUCATION = {"12/12": "12/12", "11/12": "11/12", "10/12": "10/12", "9/12": "9/12"}
QUALIFICATIONS = {
    "Tiến sĩ": "tien_si",
    "Thạc sĩ": "thac_si",
    "Đại học": "dai_hoc",
    "Cao đẳng": "cao_dang",
    "Trung cấp": "trung_cap",
    "Sơ cấp": "so_cap",
    "Chưa qua đào tạo": "chua_dao_tao",
}
POLITICAL_THEORY = {
    "Cử nhân": "cu_nhan",
    "Cao cấp": "cao_cap",
    "Trung cấp": "trung_cap",
    "Sơ cấp": "so_cap",
    "Chưa qua đào tạo": "chua_dao_tao",
}
DOCUMENT_TYPES = {
    t: t
    for t in (
        "Nghị quyết", "Quyết định", "Chỉ thị", "Kế hoạch", "Báo cáo", "Công văn", "Thông báo",
        "Hướng dẫn", "Quy chế", "Nghị định", "Thông tư",
    )
}
# The CCHC area a document serves; the report cites documents grouped by area.
CCHC_AREAS = {
    "Chỉ đạo, điều hành": "chi_dao",
    "Tuyên truyền": "tuyen_truyen",
    "Cải cách thể chế": "the_che",
    "Cải cách TTHC": "tthc",
    "Tổ chức bộ máy": "to_chuc_bo_may",
    "Đội ngũ CBCC": "doi_ngu",
    "Tài chính công": "tai_chinh_cong",
    "Chính quyền số": "chinh_quyen_so",
    "ISO 9001": "iso",
}

DOSSIERS = Register(
    key="dossiers",
    stem="ho-so",
    title="Sổ theo dõi hồ sơ TTHC",
    columns=(
        Column("ma_ho_so", "Mã hồ sơ", STR, "dossier code from the one-stop software", unique=True,
               feeds="counts every dossier once"),
        Column("thu_tuc", "Thủ tục", STR, "name of the administrative procedure"),
        Column("linh_vuc", "Lĩnh vực", STR, "field (lĩnh vực) of the procedure",
               feeds="rows of the TTHC table (Biểu II.06a)"),
        Column("kenh", "Kênh nộp", ENUM, "how the dossier was submitted", values=CHANNELS,
               feeds="received: online / in person / postal"),
        Column("ngay_tiep_nhan", "Ngày tiếp nhận", DATE, "date received; before the period start = carried over",
               feeds="received, carried over, intake by month"),
        Column("han_giai_quyet", "Hạn giải quyết", DATE, "deadline for the result",
               feeds="before / on / past deadline; pending within / past deadline"),
        Column("ngay_co_ket_qua", "Ngày có kết quả", DATE,
               "date the dossier was closed: result issued (Đã giải quyết), withdrawn (Rút hồ sơ) or returned "
               "(Trả lại); empty while open (Đang giải quyết, Chờ bổ sung)",
               nullable=True, feeds="resolved, withdrawn, returned in the period; carried over; timeliness"),
        Column("trang_thai", "Trạng thái", ENUM, "current status (as of the export); the dates place it in a period",
               values=STATUSES, feeds="resolved, pending, withdrawn, returned, awaiting supplement"),
        Column("tiep_nhan_chi_tiet", "Tiếp nhận chi tiết", BOOL,
               "intake entered item by item in the one-stop software", feeds="hồ sơ tiếp nhận chi tiết"),
        Column("dien_so_hoa_tphs", "Thuộc diện số hóa TPHS", BOOL,
               "dossier counts towards the intake digitisation rate", feeds="số hồ sơ tiếp nhận (số hóa)"),
        Column("da_so_hoa_tphs", "Đã số hóa TPHS", BOOL, "all dossier components digitised at intake",
               feeds="số hồ sơ có số hóa TPHS"),
        Column("dien_so_hoa_ket_qua", "Thuộc diện số hóa kết quả", BOOL,
               "result counts towards the result digitisation rate", feeds="số hồ sơ đã giải quyết (số hóa)"),
        Column("da_so_hoa_ket_qua", "Đã số hóa kết quả", BOOL, "result digitised",
               feeds="số hồ sơ có số hóa kết quả"),
        Column("thanh_toan_truc_tuyen", "Thanh toán trực tuyến", BOOL, "fee paid online",
               feeds="thanh toán trực tuyến: lượt"),
        Column("so_tien_thanh_toan", "Số tiền thanh toán (đồng)", INT, "amount paid online, in đồng; 0 if none",
               min_value=0, feeds="thanh toán trực tuyến: tổng tiền"),
        Column("co_phi", "Thu phí, lệ phí", BOOL, "the dossier carries a fee or charge",
               feeds="tỷ lệ thanh toán trực tuyến (its base); without the column, no such sentence",
               required=False, nullable=True),
    ),
)

STAFF = Register(
    key="staff",
    stem="can-bo",
    title="Danh sách cán bộ, công chức, người hoạt động không chuyên trách",
    columns=(
        Column("ma", "Mã", STR, "row code (no names are kept)", unique=True),
        Column("nhom", "Nhóm", ENUM, "staff group", values=STAFF_GROUPS, feeds="group sizes, total CBCC"),
        Column("chuc_danh", "Chức danh", STR, "position held"),
        Column("vi_tri_trong", "Vị trí trống", BOOL,
               "position not filled (the person columns are then empty)", feeds="filled / positions, e.g. 11/12"),
        Column("trinh_do_van_hoa", "Trình độ văn hóa", ENUM, "general education", values=GENERAL_EDUCATION,
               nullable=True, feeds="trình độ văn hóa"),
        Column("trinh_do_chuyen_mon", "Trình độ chuyên môn", ENUM, "professional qualification",
               values=QUALIFICATIONS, nullable=True, feeds="trình độ chuyên môn structure"),
        Column("ly_luan_chinh_tri", "Lý luận chính trị", ENUM, "political theory level",
               values=POLITICAL_THEORY, nullable=True, feeds="lý luận chính trị structure"),
        Column("dat_chuan", "Đạt chuẩn chức danh", BOOL, "meets the standard of the position",
               feeds="% đảm bảo tiêu chuẩn chức danh"),
        Column("nang_luong_thuong_xuyen", "Nâng lương thường xuyên", BOOL, "regular salary raise this year",
               feeds="nâng lương thường xuyên"),
        Column("nang_luong_truoc_han", "Nâng lương trước thời hạn", BOOL, "early salary raise this year",
               feeds="nâng lương trước thời hạn"),
        Column("ky_luat", "Kỷ luật", BOOL, "disciplined this year", feeds="vi phạm, kỷ luật"),
        Column("cap_nhat_phan_mem", "Cập nhật phần mềm", BOOL,
               "record kept up to date in the staff-management software", feeds="cập nhật thông tin CBCC"),
    ),
)

DOCUMENTS = Register(
    key="documents",
    stem="van-ban",
    title="Sổ văn bản",
    columns=(
        # Numbers restart every year, so a document is identified by number and date together.
        Column("so_ky_hieu", "Số ký hiệu", STR, "number and symbol, e.g. 19/KH-UBND; with the date, unique",
               feeds="citations"),
        Column("ngay_ban_hanh", "Ngày ban hành", DATE, "date issued", feeds="citations; issued in the period"),
        Column("loai", "Loại văn bản", ENUM, "document type", values=DOCUMENT_TYPES, feeds="citations"),
        Column("trich_yeu", "Trích yếu", STR, "subject, as it follows 'về' in a citation", feeds="citations"),
        Column("co_quan_ban_hanh", "Cơ quan ban hành", STR,
               "issuing body; empty means the unit's own People's Committee", nullable=True,
               feeds="'của UBND tỉnh ...' in citations"),
        Column("linh_vuc_cchc", "Lĩnh vực CCHC", ENUM, "CCHC area the document serves", values=CCHC_AREAS,
               feeds="which section cites it"),
        Column("la_qppl", "Văn bản QPPL", BOOL, "legal normative document", feeds="QPPL issued in the period"),
    ),
)


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str  # Vietnamese name written in the file
    kind: str  # INT, FLOAT, DATE (month/year as a date), STR, BOOL
    unit: str  # Vietnamese unit written in the file
    meaning: str
    min_value: float | None = 0
    max_value: float | None = None
    required: bool = True
    # The value that says the unit has none (e.g. «Không» for the website). An indicator with one
    # is warned about when its row is left out: absence is unknown, never "has none".
    none_value: str | None = None


# Figures no register holds, one row each in chi-so.csv.
INDICATORS = (
    Indicator("so_may_tinh", "Số máy vi tính", INT, "máy", "computers in the offices, connected to the Internet"),
    Indicator("chu_ky_so_to_chuc", "Chữ ký số của cơ quan", INT, "chữ ký số", "organisational digital signatures"),
    Indicator("chu_ky_so_ca_nhan", "Chữ ký số cá nhân", INT, "chữ ký số", "personal digital signatures"),
    Indicator("ty_le_van_ban_dien_tu", "Tỷ lệ văn bản trao đổi dưới dạng điện tử", FLOAT, "%",
              "share of documents exchanged fully electronically", max_value=100),
    Indicator("ty_le_hop_thu_cong_vu", "Tỷ lệ CBCC có hộp thư điện tử công vụ", FLOAT, "%",
              "share of staff with an official mailbox", max_value=100),
    Indicator("ty_le_ho_so_cong_viec_tren_mang", "Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng", FLOAT, "%",
              "share of work files handled online", max_value=100),
    Indicator("trang_thong_tin_tu", "Trang thông tin điện tử hoạt động từ", DATE, "tháng/năm",
              "month the unit's website and fanpage started; «Không» when the unit has none",
              required=False, none_value="Không"),
    Indicator("iso_9001", "Áp dụng ISO 9001:2015", BOOL, "", "quality system TCVN ISO 9001:2015 maintained"),
    Indicator("von_dau_tu_cong_giai_ngan", "Vốn đầu tư công đã giải ngân", INT, "đồng",
              "public investment disbursed in the period; 0 when none"),
    Indicator("so_phan_anh_kien_nghi", "Số phản ánh, kiến nghị về quy định hành chính", INT, "lượt",
              "complaints and suggestions about administrative regulations received"),
    Indicator("so_tthc_cong_khai", "Số TTHC niêm yết công khai", INT, "thủ tục",
              "procedures publicly posted at the one-stop desk", required=False),
    Indicator("ty_le_hai_long_tthc", "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC", FLOAT, "%",
              "share of people and businesses satisfied with how their dossiers were received and resolved, as "
              "the one-stop software or the national public-service portal reports it (the service index, QĐ 766)",
              max_value=100, required=False),
    Indicator("cong_chuc_khong_tinh", "Chức danh công chức không tính trong số lượng", STR, "",
              "positions of công chức left out of the roster and the count, e.g. Trưởng Công an phường "
              "(several separated by «;»)", required=False),
)

INDICATOR_COLUMNS = (
    Column("ma_chi_so", "Mã chỉ số", STR, "indicator code (see the list below)", unique=True),
    Column("ten_chi_so", "Chỉ số", STR, "indicator name, for the reader", required=False, nullable=True),
    Column("gia_tri", "Giá trị", STR, "value; numbers in Vietnamese or plain form, dates dd/mm/yyyy or mm/yyyy"),
    Column("don_vi", "Đơn vị", STR, "unit of the value, for the reader", required=False, nullable=True),
)
INDICATORS_REGISTER = Register(key="indicators", stem="chi-so", title="Các chỉ số khác",
                               columns=INDICATOR_COLUMNS)

REGISTERS = (DOSSIERS, STAFF, DOCUMENTS, INDICATORS_REGISTER)
FILE_SUFFIXES = (".csv", ".xlsx")  # a register is accepted in either form
