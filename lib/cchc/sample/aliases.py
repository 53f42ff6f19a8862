"""The import profiles the sample ships in params/profiles/ (see cchc.profiles).

`chuan.yaml` (NATIVE): the project's own layout, plus the other spellings offices use for our
headers and labels (`COLUMNS`: per register, a header an export may use -> our header; `VALUES`:
per our column, a value spelling -> our label), folded in from the former params/aliases.yaml.
`mot-cua-igate.yaml` (ONE_STOP): the dossier list exported by the provincial one-stop software.
Comparison ignores case, the Unicode form (NFC) and inner spacing.
"""
from __future__ import annotations

COLUMNS = {
    "ho-so": {
        "Số hồ sơ": "Mã hồ sơ",
        "Mã số hồ sơ": "Mã hồ sơ",
        "Tên thủ tục": "Thủ tục",
        "Tên thủ tục hành chính": "Thủ tục",
        "Thủ tục hành chính": "Thủ tục",
        "Lĩnh vực TTHC": "Lĩnh vực",
        "Tên lĩnh vực": "Lĩnh vực",
        "Hình thức nộp": "Kênh nộp",
        "Hình thức tiếp nhận": "Kênh nộp",
        "Kênh tiếp nhận": "Kênh nộp",
        "Ngày nhận": "Ngày tiếp nhận",
        "Ngày nộp": "Ngày tiếp nhận",
        "Ngày nhận hồ sơ": "Ngày tiếp nhận",
        "Hạn xử lý": "Hạn giải quyết",
        "Ngày hẹn trả": "Hạn giải quyết",
        "Hạn trả kết quả": "Hạn giải quyết",
        "Ngày trả kết quả": "Ngày có kết quả",
        "Ngày hoàn thành": "Ngày có kết quả",
        "Ngày kết thúc xử lý": "Ngày có kết quả",
        "Tình trạng": "Trạng thái",
        "Trạng thái hồ sơ": "Trạng thái",
        "Số hóa TPHS": "Đã số hóa TPHS",
        "Số hóa thành phần hồ sơ": "Đã số hóa TPHS",
        "Số hóa kết quả": "Đã số hóa kết quả",
        "Thanh toán online": "Thanh toán trực tuyến",
        "Số tiền": "Số tiền thanh toán (đồng)",
        "Số tiền thanh toán": "Số tiền thanh toán (đồng)",
        "Phí, lệ phí": "Số tiền thanh toán (đồng)",
    },
    "can-bo": {
        "STT": "Mã",
        "Đối tượng": "Nhóm",
        "Chức vụ": "Chức danh",
        "Chức danh, chức vụ": "Chức danh",
        "Còn trống": "Vị trí trống",
        "Học vấn": "Trình độ văn hóa",
        "Giáo dục phổ thông": "Trình độ văn hóa",
        "Chuyên môn": "Trình độ chuyên môn",
        "Trình độ đào tạo": "Trình độ chuyên môn",
        "LLCT": "Lý luận chính trị",
        "Trình độ lý luận chính trị": "Lý luận chính trị",
        "Đạt chuẩn": "Đạt chuẩn chức danh",
        "Nâng lương": "Nâng lương thường xuyên",
        "Nâng lương trước hạn": "Nâng lương trước thời hạn",
        "Bị kỷ luật": "Kỷ luật",
        "Đã cập nhật phần mềm": "Cập nhật phần mềm",
    },
    "van-ban": {
        "Số, ký hiệu": "Số ký hiệu",
        "Số và ký hiệu": "Số ký hiệu",
        "Số hiệu văn bản": "Số ký hiệu",
        "Ngày ký": "Ngày ban hành",
        "Ngày văn bản": "Ngày ban hành",
        "Loại": "Loại văn bản",
        "Trích yếu nội dung": "Trích yếu",
        "Nơi ban hành": "Cơ quan ban hành",
        "Lĩnh vực": "Lĩnh vực CCHC",
        "QPPL": "Văn bản QPPL",
        "Là văn bản QPPL": "Văn bản QPPL",
    },
    "chi-so": {
        "Mã": "Mã chỉ số",
        "Tên chỉ số": "Chỉ số",
        "Số liệu": "Giá trị",
        "Đơn vị tính": "Đơn vị",
        "ĐVT": "Đơn vị",
    },
}

VALUES = {
    "Kênh nộp": {
        "Trực tuyến toàn trình": "Trực tuyến",
        "Trực tuyến một phần": "Trực tuyến",
        "Dịch vụ công trực tuyến": "Trực tuyến",
        "Online": "Trực tuyến",
        "Nộp trực tiếp": "Trực tiếp",
        "Tại quầy": "Trực tiếp",
        "Bộ phận một cửa": "Trực tiếp",
        "BCCI": "Bưu chính",
        "Dịch vụ bưu chính": "Bưu chính",
        "Bưu chính công ích": "Bưu chính",
        "Qua bưu điện": "Bưu chính",
    },
    "Trạng thái": {
        "Đã trả kết quả": "Đã giải quyết",
        "Hoàn thành": "Đã giải quyết",
        "Đã xử lý": "Đã giải quyết",
        "Đang xử lý": "Đang giải quyết",
        "Chưa giải quyết": "Đang giải quyết",
        "Công dân rút hồ sơ": "Rút hồ sơ",
        "Đã rút": "Rút hồ sơ",
        "Rút": "Rút hồ sơ",
        "Từ chối": "Trả lại",
        "Trả lại hồ sơ": "Trả lại",
        "Yêu cầu bổ sung": "Chờ bổ sung",
        "Bổ sung hồ sơ": "Chờ bổ sung",
    },
    "Nhóm": {
        "CB": "Cán bộ",
        "CC": "Công chức",
        "KCT": "Người hoạt động không chuyên trách",
        "Không chuyên trách": "Người hoạt động không chuyên trách",
        "Người HĐKCT": "Người hoạt động không chuyên trách",
    },
    "Trình độ chuyên môn": {
        "Thạc sỹ": "Thạc sĩ",
        "Tiến sỹ": "Tiến sĩ",
        "Cử nhân": "Đại học",
        "Kỹ sư": "Đại học",
        "ĐH": "Đại học",
        "CĐ": "Cao đẳng",
        "TC": "Trung cấp",
        "Chưa đào tạo": "Chưa qua đào tạo",
        "Chưa qua đào tạo chuyên môn": "Chưa qua đào tạo",
    },
    "Lý luận chính trị": {
        "CCLLCT": "Cao cấp",
        "Cao cấp LLCT": "Cao cấp",
        "TCLLCT": "Trung cấp",
        "Trung cấp LLCT": "Trung cấp",
        "Sơ cấp LLCT": "Sơ cấp",
        "Chưa đào tạo": "Chưa qua đào tạo",
        "Chưa": "Chưa qua đào tạo",
    },
    "Trình độ văn hóa": {
        "THPT": "12/12",
        "Trung học phổ thông": "12/12",
        "THCS": "9/12",
        "Trung học cơ sở": "9/12",
    },
    "Lĩnh vực CCHC": {
        "Chỉ đạo điều hành": "Chỉ đạo, điều hành",
        "Thể chế": "Cải cách thể chế",
        "Thủ tục hành chính": "Cải cách TTHC",
        "TTHC": "Cải cách TTHC",
        "Bộ máy": "Tổ chức bộ máy",
        "CBCC": "Đội ngũ CBCC",
        "Tài chính": "Tài chính công",
        "Chính quyền điện tử": "Chính quyền số",
        "CNTT": "Chính quyền số",
        "ISO": "ISO 9001",
    },
}


# Which register each value map of VALUES belongs to (value maps are scoped to a register of a profile).
VALUE_REGISTER = {"Kênh nộp": "ho-so", "Trạng thái": "ho-so", "Nhóm": "can-bo", "Trình độ chuyên môn": "can-bo",
                  "Lý luận chính trị": "can-bo", "Trình độ văn hóa": "can-bo", "Lĩnh vực CCHC": "van-ban"}

NATIVE_NAME = "chuan"
NATIVE_HEADER = """\
# Import profile «chuan»: the project's own register layout (data/README.md), plus the other column
# names and value spellings offices use for it (formerly params/aliases.yaml). A file with our
# headers needs nothing here. See params/README.md, "Import profiles".
# registers.<sổ>.columns: <our header>: <their header> or [<their header>, ...] (whichever the file has)
# registers.<sổ>.values:  <our header>: {<their value>: <our label>} (this register of this profile only)
# Generated by `python -m cchc.sample`; edit it freely (regenerating the sample rewrites it).
"""


def native() -> dict:
    registers: dict[str, dict] = {}
    for stem, mapping in COLUMNS.items():
        columns: dict[str, list[str]] = {}
        for theirs, ours in mapping.items():
            columns.setdefault(ours, []).append(theirs)
        registers[stem] = {"columns": columns}
    for header, table in VALUES.items():
        registers[VALUE_REGISTER[header]].setdefault("values", {})[header] = dict(table)
    return {"title": "Mẫu sổ chuẩn của dự án (data/README.md)", "registers": registers}


ONE_STOP_NAME = "mot-cua-igate"
ONE_STOP_HEADER = """\
# Import profile «mot-cua-igate»: the dossier list (ho-so) exported by the provincial one-stop software
# (Hệ thống thông tin giải quyết TTHC cấp tỉnh; VNPT iGate in Quảng Ngãi). The other registers use «chuan».
# Written from public descriptions of the dossier model, not from the vendor's export specification:
# - dossier fields code, procedure (code, name, sector), dossierReceivingKind, paymentMethod ("Trực
#   tuyến"), dossierStatus (a number; 4 = "Đã trả hồ sơ") and ISO datetimes with an offset
#   ("1994-10-23T17:00:00.000+0000"): a public mobile client of apiquangngai.vnptigate.vn (GitHub);
# - what a province's system sends to the national portal (Cổng DVCQG) per dossier: MaHoSo, MaTTHC,
#   TenTTHC, MaLinhVuc, TenLinhVuc, KenhThucHien (1 trực tiếp, 2 trực tuyến, 3 BCCI), NgayTiepNhan,
#   NgayHenTra, TrangThaiHoSo, NgayTra, NgayKetThucXuLy, DanhSachLePhi, DuocThanhToanTrucTuyen,
#   HoSoCoThanhPhanSoHoa: opencps (vanly289/opencps-v2, DVCQG sync) and
#   HuanVu201/DichVuCong_KhoaLuan_PASETO (HoSo DTOs, TrangThaiHoSoId 9/10 = kết thúc).
# Column names follow the export's camelCase (applyMethod, acceptedDate, appointmentDate, completedDate,
# returnedDate, dossierStatus); the digitisation flags (isDigitizedComponents, digitizingResultRequired,
# isDigitizedResult, coded "1" = có, "2" = không), feeStatus, feeAmount/chargeAmount and the status codes
# other than 4 are this profile's ASSUMPTIONS: check them against a real export with
#   cchc import <tệp xuất> --profile mot-cua-igate --unit <đơn vị>
# (it prints every value of every mapped column and the exact line to add for an unknown one).
# The export has no "Tiếp nhận chi tiết" and no "Thuộc diện số hóa TPHS": both are constants whose
# meaning the reviewers' appendix prints. Generated by `python -m cchc.sample`; edit it freely.
"""

ONE_STOP_STATUS = {
    "1": "Chờ bổ sung",      # yêu cầu bổ sung hồ sơ
    "2": "Đang giải quyết",  # đang xử lý
    "3": "Đã giải quyết",    # có kết quả, chờ trả
    "4": "Đã giải quyết",    # đã trả hồ sơ (kết quả)
    "5": "Rút hồ sơ",        # công dân rút / dừng xử lý
    "6": "Trả lại",          # từ chối, trả lại hồ sơ
}
YES_NO_CODES = {"1": "Có", "2": "Không"}

# Columns of the export the report does not need.
ONE_STOP_IGNORED = [
    "id", "procedureCode", "procedureLevel", "sectorCode", "agencyCode", "agencyName", "applicantName",
    "applicantIdentityNumber", "applicantPhone", "applicantEmail", "applicantAddress", "ownerFullname",
    "dossierStatusName", "dossierTaskStatus", "dossierReceivingKind", "supplementRequestDate",
    "processingTime", "processingTimeUnit", "currentTask", "currentAssignee", "createdDate", "updatedDate",
    "appliedDate", "receiptCode", "note", "rating", "paymentCode", "invoiceNumber", "isOverdue", "overdueDays",
    "eformId", "syncedToNationalPortal",
]


def one_stop() -> dict:
    return {
        "title": "Phần mềm một cửa điện tử cấp tỉnh (VNPT iGate): tệp xuất danh sách hồ sơ",
        "registers": {"ho-so": {
            "columns": {
                "Mã hồ sơ": "code",
                "Thủ tục": "procedureName",
                "Lĩnh vực": "sectorName",
                "Kênh nộp": "applyMethod",
                "Ngày tiếp nhận": "acceptedDate",
                "Hạn giải quyết": "appointmentDate",
                "Ngày có kết quả": {"first": ["completedDate", "returnedDate"]},
                "Trạng thái": "dossierStatus",
                "Tiếp nhận chi tiết": {
                    "constant": "Có",
                    "meaning": "Tệp xuất của phần mềm một cửa không có cột này; mọi hồ sơ trong tệp đều được "
                               "tiếp nhận và nhập thông tin chi tiết trên phần mềm, nên được tính là hồ sơ tiếp "
                               "nhận chi tiết."},
                "Thuộc diện số hóa TPHS": {
                    "constant": "Có",
                    "meaning": "Tệp xuất của phần mềm một cửa không có cột này; mọi hồ sơ tiếp nhận được coi là "
                               "thuộc diện số hóa thành phần hồ sơ (số hóa khi tiếp nhận)."},
                "Đã số hóa TPHS": "isDigitizedComponents",
                "Thuộc diện số hóa kết quả": "digitizingResultRequired",
                "Đã số hóa kết quả": "isDigitizedResult",
                "Thanh toán trực tuyến": {"all": [{"column": "paymentMethod", "in": ["Trực tuyến"]},
                                                  {"column": "feeStatus", "in": ["Đã thanh toán"]}]},
                "Số tiền thanh toán (đồng)": {"sum": ["feeAmount", "chargeAmount"]},
                "Thu phí, lệ phí": {"any": [{"column": "feeStatus", "in": ["Đã thanh toán", "Chưa thanh toán"]}]},
            },
            "values": {
                "Kênh nộp": {"Trực tiếp": "Trực tiếp", "Trực tuyến": "Trực tuyến", "BCCI": "Bưu chính",
                             "1": "Trực tiếp", "2": "Trực tuyến", "3": "Bưu chính"},
                "Trạng thái": dict(ONE_STOP_STATUS),
                "Đã số hóa TPHS": dict(YES_NO_CODES),
                "Thuộc diện số hóa kết quả": dict(YES_NO_CODES),
                "Đã số hóa kết quả": dict(YES_NO_CODES),
            },
            "dates": {"formats": ["yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy", "iso"],
                      "timezone": "Asia/Ho_Chi_Minh"},
            "ignore": list(ONE_STOP_IGNORED),
        }},
    }


def profiles() -> dict[str, tuple[dict, str]]:
    """{profile name: (its YAML data, its header comment)}: what params/profiles/ holds."""
    return {NATIVE_NAME: (native(), NATIVE_HEADER), ONE_STOP_NAME: (one_stop(), ONE_STOP_HEADER)}
