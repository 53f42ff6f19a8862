"""The parent units' report parameters: the consolidated reports of the sample (`cchc.consolidated`).

Thị xã Đức Phổ consolidates its 15 communes' reports of 2023 and 2024 and of the first half of 2024
(where only three of them file a 6-month report: the other twelve are listed as having none); since
01/07/2025 tỉnh Quảng Ngãi consolidates the second half of 2025 of the six units formed that day.
"""
from __future__ import annotations

import datetime as dt

from ..period import Period
from .units import PROVINCE_UNIT, TOWN_UNIT, UnitDef

BNV_START_DAY = 15
ON_TIME_FORMULA = "tren-da-giai-quyet"  # the province's, as its communes' reports from 2024


def _params(unit: UnitDef, period: Period, number: str, issued: dt.date, basis: str, signer: str,
            recipients: list[str], addressee: str, formula: str | None) -> dict:
    params = {"unit": unit.slug, "year": period.year, "number": number, "issued_on": issued, "basis": basis,
              "signatory": {"authority": "KT", "title": "PHÓ CHỦ TỊCH", "name": signer},
              "recipients": recipients, "addressee": addressee}
    if formula:
        params["on_time_formula"] = formula
    return params


def _town(period: Period, number: str, issued: dt.date, formula: str | None) -> dict:
    basis = (f"Căn cứ báo cáo kết quả thực hiện công tác cải cách hành chính {period.name} của UBND các xã, "
             f"phường; thực hiện nhiệm vụ báo cáo định kỳ công tác cải cách hành chính {period.name}.")
    return _params(TOWN_UNIT, period, number, issued, basis, "Nguyễn Tấn Đức",
                   ["UBND tỉnh Quảng Ngãi", "Sở Nội vụ tỉnh", "TT Thị ủy, TT HĐND thị xã", "CT, các PCT UBND thị xã",
                    "UBND các xã, phường", "Lưu: VT, NV."], "UBND tỉnh Quảng Ngãi", formula)


def _province(period: Period, number: str, issued: dt.date) -> dict:
    basis = (f"Căn cứ báo cáo của UBND các xã, phường, đặc khu về kết quả thực hiện công tác cải cách hành "
             f"chính {period.name}.")
    return _params(PROVINCE_UNIT, period, number, issued, basis, "Trần Phước Hiền",
                   ["Bộ Nội vụ", "Văn phòng Chính phủ (Cục Kiểm soát TTHC)", "TT Tỉnh ủy, TT HĐND tỉnh",
                    "CT, các PCT UBND tỉnh", "UBND các xã, phường, đặc khu", "Lưu: VT, NC."], "Bộ Nội vụ",
                   ON_TIME_FORMULA)


def parent_reports(years, second_half_2025: Period) -> list[tuple[Period, UnitDef, dict]]:
    """(period, parent unit, params) of every consolidated report of `years`."""
    out = []
    if 2023 in years:  # the 2023 reports count on time over received, as the communes' (the default)
        out.append((Period.of("nam", 2023, start_day=BNV_START_DAY), TOWN_UNIT,
                    (dt.date(2023, 12, 15), "318/BC-UBND", None)))
    if 2024 in years:
        out.append((Period.of("6t", 2024, start_day=BNV_START_DAY), TOWN_UNIT,
                    (dt.date(2024, 6, 19), "152/BC-UBND", ON_TIME_FORMULA)))
        out.append((Period.of("nam", 2024, start_day=BNV_START_DAY), TOWN_UNIT,
                    (dt.date(2024, 12, 19), "341/BC-UBND", ON_TIME_FORMULA)))
    reports = [(period, unit, _town(period, number, issued, formula))
               for period, unit, (issued, number, formula) in out]
    if 2025 in years:
        reports.append((second_half_2025, PROVINCE_UNIT,
                        _province(second_half_2025, "412/BC-UBND", dt.date(2025, 12, 19))))
    return reports
