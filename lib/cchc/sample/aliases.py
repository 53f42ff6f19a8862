"""The alias map written to params/aliases.yaml: other offices' column names and value spellings.

`columns`: per register (file stem), a header an export may use -> our header.
`values`: per column (our header), a value spelling an export may use -> our label.
Comparison is meant to ignore case, accents' Unicode form (NFC) and inner spacing.
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

HEADER = """\
# Alias map: lets an office's own export load without code changes (see data/README.md).
# columns: per register (file stem), a column name the export uses -> the header we expect.
# values:  per column (our header), a value the export writes -> our label.
# Generated by `python -m cchc.sample`; edit it freely (regenerating the sample rewrites it).
"""


def aliases() -> dict:
    return {"columns": COLUMNS, "values": VALUES}
