"""The administrative procedures a ward or commune one-stop desk handles, as the sample uses them.

Names and fields follow the province's published list of commune-level procedures (shortened where
the official name runs to several lines). Deadlines are in working days after intake; fees are the
amounts an applicant pays online (đồng), with how often each occurs.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Procedure:
    name: str
    field: str
    deadline: int  # working days after intake
    fees: tuple[tuple[int, int], ...] = ()  # (amount, weight); empty = free of charge
    online: float = 0.5  # how readily it is filed online (relative)
    ward: float = 0.0  # relative frequency in a phường
    commune: float = 0.0  # relative frequency in a xã
    intake_digitised: bool = True  # counts towards the intake digitisation rate
    result_digitised: bool = True  # counts towards the result digitisation rate

    @property
    def paid(self) -> bool:
        return bool(self.fees)


HT, CT = "Hộ tịch", "Chứng thực"
BTXH, NCC, LD = "Bảo trợ xã hội", "Người có công", "Lao động - Thương binh và Xã hội"
DD, TDKT, VH = "Đất đai", "Thi đua - Khen thưởng", "Văn hóa cơ sở"
NN, NCN, TG = "Nông nghiệp", "Nuôi con nuôi", "Tín ngưỡng, tôn giáo"
HG = "Hòa giải cơ sở"

# Copies certified: 2.000 đ a page for the first two pages, 1.000 đ from the third.
COPY_FEES = ((2000, 22), (4000, 30), (5000, 12), (6000, 12), (7000, 6), (8000, 8), (10000, 6), (12000, 4))

PROCEDURES = (
    Procedure("Chứng thực bản sao từ bản chính", CT, 1,
              COPY_FEES, online=3.0, ward=40, commune=24),
    Procedure("Chứng thực chữ ký trong các giấy tờ, văn bản", CT, 1, ((10000, 1),), online=1.2,
              ward=9, commune=6),
    Procedure("Chứng thực hợp đồng, giao dịch", CT, 2,
              ((50000, 1),), online=0.15, ward=2.2, commune=4),
    Procedure("Chứng thực văn bản thỏa thuận phân chia di sản", CT, 3, ((50000, 1),), online=0.1,
              ward=0.5, commune=1.2),
    Procedure("Cấp bản sao trích lục hộ tịch", HT, 1, ((8000, 6), (16000, 2), (24000, 1)), online=2.5,
              ward=9, commune=8),
    Procedure("Đăng ký khai sinh", HT, 1, online=1.5, ward=6, commune=9),
    Procedure("Liên thông đăng ký khai sinh, thường trú, cấp thẻ BHYT cho trẻ dưới 6 tuổi", HT, 5, online=2.5, ward=3, commune=4),
    Procedure("Đăng ký kết hôn", HT, 3, online=0.8, ward=3, commune=4),
    Procedure("Cấp Giấy xác nhận tình trạng hôn nhân", HT, 3, ((5000, 1),), online=2.0, ward=6, commune=6),
    Procedure("Đăng ký khai tử", HT, 1, online=0.7, ward=2, commune=3.5),
    Procedure("Liên thông đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ mai táng", HT, 5,
              online=1.0, ward=1, commune=1.5),
    Procedure("Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", HT, 3, ((15000, 1),), online=0.8,
              ward=1.2, commune=1.2),
    Procedure("Đăng ký lại khai sinh", HT, 5, ((5000, 1),), online=0.5, ward=0.6, commune=1),
    Procedure("Đăng ký nhận cha, mẹ, con", HT, 3, ((15000, 1),), online=0.4, ward=0.3, commune=0.3),
    Procedure("Đăng ký giám hộ", HT, 3, online=0.3, ward=0.15, commune=0.15),
    Procedure("Đăng ký việc nuôi con nuôi trong nước", NCN, 30, ((400000, 1),), online=0.1,
              ward=0.03, commune=0.05, intake_digitised=False),
    Procedure("Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng", BTXH, 12, online=0.6,
              ward=2, commune=3),
    Procedure("Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", BTXH, 5, online=0.5, ward=0.8, commune=1.2),
    Procedure("Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật", BTXH, 25,
              online=0.3, ward=0.6, commune=1),
    Procedure("Giải quyết chế độ mai táng phí, trợ cấp một lần khi người có công với cách mạng từ trần",
              NCC, 5, online=0.4, ward=0.6, commune=1),
    Procedure("Cấp giấy xác nhận thân nhân của người có công", NCC, 5, online=0.6, ward=0.5, commune=0.7),
    Procedure("Xác nhận hộ gia đình làm nông nghiệp, lâm nghiệp, ngư nghiệp có mức sống trung bình", LD, 7,
              online=0.4, ward=0.6, commune=2),
    Procedure("Xác nhận đối tượng vay vốn hỗ trợ học sinh, sinh viên", LD, 3, online=0.6, ward=0.8, commune=1),
    Procedure("Công nhận hộ thoát nghèo, hộ thoát cận nghèo trong năm", LD, 15, online=0.2, ward=0.3,
              commune=0.8, result_digitised=False),
    Procedure("Hòa giải tranh chấp đất đai", DD, 30, online=0.05, ward=0.5, commune=1.2,
              intake_digitised=False, result_digitised=False),
    Procedure("Xác nhận hồ sơ đăng ký biến động đất đai, tài sản gắn liền với đất", DD, 10, online=0.2,
              ward=1.2, commune=2.5),
    Procedure("Xét tặng danh hiệu Gia đình văn hóa hằng năm", VH, 5, online=0.3, ward=0.4, commune=0.8,
              result_digitised=False),
    Procedure("Thông báo tổ chức lễ hội cấp xã", VH, 5, online=0.3, ward=0.05, commune=0.1),
    Procedure("Tặng Giấy khen của Chủ tịch UBND cấp xã về thực hiện nhiệm vụ chính trị", TDKT, 20,
              online=0.2, ward=0.3, commune=0.3, intake_digitised=False),
    Procedure("Hỗ trợ khôi phục sản xuất vùng bị thiệt hại do thiên tai, dịch bệnh", NN, 10, online=0.2,
              ward=0.1, commune=1.2),
    Procedure("Đăng ký hoạt động tín ngưỡng", TG, 15, online=0.1, ward=0.03, commune=0.06),
    Procedure("Thôi làm hòa giải viên", HG, 5, online=0.1, ward=0.03, commune=0.05),
)

# Fields a small commune with few dossiers deals with (the others are rare there).
CORE_FIELDS = (HT, CT, BTXH, NCC, DD)
