"""A one-stop export built through the shipped profile gives the figures and the report text of the
native register (issue 10): the export is generated from a sample unit's register, as the provincial
one-stop software writes it (camelCase columns, dozens of columns the report does not need, offset
datetimes, coded status, channel and digitisation flags, fee and charge apart), as CSV and XLSX.

The export has no "Tiếp nhận chi tiết" and no "Thuộc diện số hóa TPHS" (profile constants «Có»),
so the native register it is compared with holds «Có» in those two columns; every other column of
the export is derived from the register's own cells."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import random

import openpyxl
import pandas as pd
import pytest

from cchc import load as load_m
from cchc.unit_report import Report

from conftest import read_rows, write_rows

pytestmark = pytest.mark.fast

UNIT, PERIOD = "phuong-pho-thanh", "2023"
CONSTANT_COLUMNS = ("Tiếp nhận chi tiết", "Thuộc diện số hóa TPHS")
STATUS_CODES = {"Đã giải quyết": ("3", "4"), "Đang giải quyết": ("2",), "Chờ bổ sung": ("1",), "Rút hồ sơ": ("5",),
                "Trả lại": ("6",)}
STATUS_NAMES = {"1": "Chờ bổ sung", "2": "Đang xử lý", "3": "Có kết quả", "4": "Đã trả kết quả", "5": "Dừng xử lý",
                "6": "Trả lại hồ sơ"}
CHANNELS = {"Trực tiếp": ("Trực tiếp", "trực tiếp"), "Trực tuyến": ("Trực tuyến", "TRỰC TUYẾN"),
            "Bưu chính": ("BCCI",)}
FLAG = {"Có": "1", "Không": "2"}
EXTRA = ["id", "procedureCode", "procedureLevel", "sectorCode", "agencyCode", "agencyName", "applicantName",
         "applicantIdentityNumber", "applicantPhone", "applicantEmail", "applicantAddress", "ownerFullname",
         "dossierStatusName", "dossierTaskStatus", "dossierReceivingKind", "supplementRequestDate",
         "processingTime", "processingTimeUnit", "currentTask", "currentAssignee", "createdDate", "updatedDate",
         "appliedDate", "receiptCode", "note", "rating", "paymentCode", "invoiceNumber", "isOverdue", "overdueDays",
         "eformId", "syncedToNationalPortal"]


def _day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def _offset(day: dt.date, rng: random.Random) -> str:
    """An office-hours time of `day` in Vietnam, with its +07:00 offset."""
    return f"{day:%Y-%m-%d}T{rng.randint(7, 16):02d}:{rng.randint(0, 59):02d}:00.000+07:00"


def _utc_just_after_midnight(day: dt.date, rng: random.Random) -> str:
    """00:00–06:59 of `day` in Vietnam, written in UTC: the previous day's date (the trap)."""
    before = day - dt.timedelta(days=1)
    return f"{before:%Y-%m-%d}T{rng.randint(17, 23):02d}:{rng.randint(0, 59):02d}:00.000Z"


def one_stop_export(header: list[str], rows: list[list[str]], seed: int = 10) -> tuple[list[str], list[list]]:
    """The one-stop software's export of the native register `rows`: (header, rows), cells as
    text except `completedDate`, given as datetime objects (an XLSX writes them as date cells)."""
    rng = random.Random(seed)
    c = {h: i for i, h in enumerate(header)}
    out_header = ["code", "procedureName", "sectorName", "applyMethod", "acceptedDate", "appointmentDate",
                  "completedDate", "returnedDate", "dossierStatus", "isDigitizedComponents",
                  "digitizingResultRequired", "isDigitizedResult", "paymentMethod", "feeStatus", "feeAmount",
                  "chargeAmount"] + EXTRA
    rng.shuffle(out_header)  # the report does not depend on the column order
    out = []
    for n, r in enumerate(rows):
        received, due = _day(r[c["Ngày tiếp nhận"]]), _day(r[c["Hạn giải quyết"]])
        result = _day(r[c["Ngày có kết quả"]]) if r[c["Ngày có kết quả"]] else None
        completed = returned = ""
        if result is not None:
            kind = n % 3  # only the finish date, only the return date, or both (return a few days later)
            finished = dt.datetime.combine(result, dt.time(rng.randint(7, 16), rng.randint(0, 59)))
            if kind in (0, 2):
                completed = finished
            if kind == 1:
                returned = _offset(result, rng)
            elif kind == 2:
                returned = _offset(result + dt.timedelta(days=rng.randint(1, 3)), rng)
        status = rng.choice(STATUS_CODES[r[c["Trạng thái"]]])
        amount = int(r[c["Số tiền thanh toán (đồng)"]])
        fee = (amount // 2000) * 1000
        online, bearing = r[c["Thanh toán trực tuyến"]] == "Có", r[c["Thu phí, lệ phí"]] == "Có"
        cells = {
            "code": r[c["Mã hồ sơ"]], "procedureName": r[c["Thủ tục"]], "sectorName": r[c["Lĩnh vực"]],
            "applyMethod": rng.choice(CHANNELS[r[c["Kênh nộp"]]]),
            "acceptedDate": _offset(received, rng),
            "appointmentDate": _utc_just_after_midnight(due, rng) if n % 2 else _offset(due, rng),
            "completedDate": completed, "returnedDate": returned, "dossierStatus": status,
            "isDigitizedComponents": FLAG[r[c["Đã số hóa TPHS"]]],
            "digitizingResultRequired": FLAG[r[c["Thuộc diện số hóa kết quả"]]],
            "isDigitizedResult": FLAG[r[c["Đã số hóa kết quả"]]],
            "paymentMethod": "Trực tuyến" if online else ("Trực tiếp" if bearing else ""),
            "feeStatus": ("Đã thanh toán" if online or n % 4 else "Chưa thanh toán") if bearing else "Không thu phí",
            "feeAmount": str(fee) if fee else ("0" if n % 2 else ""), "chargeAmount": str(amount - fee),
            "dossierStatusName": STATUS_NAMES[status], "id": f"{n:024x}", "agencyName": "UBND phường Phổ Thạnh",
            "applicantName": f"Công dân {n}", "supplementRequestDate": "", "processingTime": str(rng.randint(1, 15)),
            "processingTimeUnit": "d", "isOverdue": rng.choice(["true", "false"]), "rating": rng.choice(["", "5"]),
        }
        out.append([cells.get(h, f"{h}-{n}" if h not in ("note", "eformId") else "") for h in out_header])
    return out_header, out


def _as_text(value) -> str:
    return value.strftime("%d/%m/%Y %H:%M:%S") if isinstance(value, dt.datetime) else value


def write_export(path, header, rows) -> None:
    if path.suffix == ".csv":
        write_rows(path, header, [[_as_text(v) for v in r] for r in rows], bom=True)
        return
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("DanhSachHoSo")
    ws.append(header)
    amounts = {header.index("feeAmount"), header.index("chargeAmount")}
    for r in rows:  # amounts as numbers, finish dates as date cells, everything else as text
        ws.append([int(v) if i in amounts and v else v for i, v in enumerate(r)])
    wb.save(path)


def figures(report: Report) -> dict:
    t = report.tthc
    return {f.name: (None if getattr(t, f.name) is None else int(getattr(t, f.name)))
            for f in dataclasses.fields(t)}


def texts(report: Report) -> dict:
    table = report.table_ii06a()
    return {"intro": list(map(str, report.intro())), "tthc": list(map(str, report.tthc_prose())),
            "e_gov": list(map(str, report.e_gov_prose())), "findings": list(map(str, report.findings())),
            "strengths": list(map(str, report.strengths())), "headline": report.headline(),
            "ii06a": None if table is None else table.to_csv()}


def build() -> Report:
    load_m.clear_register_cache()
    up = load_m.load(UNIT, PERIOD)
    return Report(up, *load_m.load_comparators(up))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_one_stop_export_builds_the_same_report_as_the_native_register(sample_root, suffix):
    folder = sample_root / "data" / PERIOD / UNIT
    header, rows = read_rows(folder / "ho-so.csv")
    for column in CONSTANT_COLUMNS:  # what the export cannot say: the profile's constants
        i = header.index(column)
        for r in rows:
            r[i] = "Có"
    write_rows(folder / "ho-so.csv", header, rows)
    expected = build()
    expected_dossiers = expected.uy.dossiers.drop(columns="_tep")

    export_header, export_rows = one_stop_export(header, rows)
    assert len(export_header) >= 45 and "Tiếp nhận chi tiết" not in export_header
    (folder / "ho-so.csv").unlink()
    write_export(folder / f"ho-so{suffix}", export_header, export_rows)
    got = build()

    # recognised from its header row (the unit names no profile), every dossier typed alike
    pd.testing.assert_frame_equal(got.uy.dossiers.drop(columns="_tep"), expected_dossiers)
    assert figures(got) == figures(expected)
    assert texts(got) == texts(expected)
    assert figures(got)["received_postal"] > 0 and figures(got)["awaiting_supplement"] > 0  # coded values used
    # the reviewers see the two constants and what they stand for; no column of the export is unexplained
    notes = [m for m in got.validation_messages() if m.startswith("GHI CHÚ")]
    assert len(notes) == 2 and all("mot-cua-igate" in n for n in notes)
    assert not [m for m in expected.validation_messages() if m.startswith("GHI CHÚ")]
    assert not [p for p in got.uy.problems if "không dùng" in p.message]


def test_the_export_writer_makes_what_the_one_stop_system_writes(tmp_path):
    header = ["Mã hồ sơ", "Thủ tục", "Lĩnh vực", "Kênh nộp", "Ngày tiếp nhận", "Hạn giải quyết", "Ngày có kết quả",
              "Trạng thái", "Tiếp nhận chi tiết", "Thuộc diện số hóa TPHS", "Đã số hóa TPHS",
              "Thuộc diện số hóa kết quả", "Đã số hóa kết quả", "Thanh toán trực tuyến", "Số tiền thanh toán (đồng)",
              "Thu phí, lệ phí"]
    rows = [["HS-1", "Khai sinh", "Hộ tịch", "Bưu chính", "02/01/2023", "03/01/2023", "03/01/2023", "Đã giải quyết",
             "Có", "Có", "Có", "Có", "Không", "Có", "15000", "Có"]] * 2
    out_header, out_rows = one_stop_export(header, rows)
    path = tmp_path / "x.csv"
    write_export(path, out_header, out_rows)
    with open(path, encoding="utf-8-sig", newline="") as f:
        written = list(csv.DictReader(f))
    first, second = written
    assert first["applyMethod"] == "BCCI" and first["acceptedDate"].endswith("+07:00")
    assert second["appointmentDate"].endswith("Z") and second["appointmentDate"].startswith("2023-01-02T")
    assert int(first["feeAmount"] or 0) + int(first["chargeAmount"]) == 15000
