"""The service index of one report: how well the unit served people and businesses in the period,
scored in the spirit of Quyết định số 766/QĐ-TTg ngày 23/6/2022 of the Prime Minister (the Bộ chỉ
số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp trong thực hiện thủ
tục hành chính, dịch vụ công theo thời gian thực trên môi trường điện tử).

QĐ 766 scores five groups of indicators, 100 points in all (công khai, minh bạch 18; tiến độ, kết
quả giải quyết 20; số hóa hồ sơ 22; cung cấp dịch vụ trực tuyến 22; mức độ hài lòng 18). The
national system computes it from the one-stop software in real time; a ward's registers support
only some of its indicators. So:
- an indicator whose `measure` the registers can give (`MEASURES`: the on-time rate by a named
  formula, the online share, online payment, intake and result digitisation, a percentage of the
  indicators register) is computed and scored: points = max × min(1, rate / full_at), rounded half
  up to 2 decimals;
- every other indicator is listed as "chưa có dữ liệu" (or, when its base is empty, "không phát
  sinh hồ sơ thuộc diện tính"), left out of the total, and its points out of the maximum: the
  index is "x/y điểm" with y the adjusted maximum (and x/y × 100 on the 100-point scale).
Group and total points are the sums of the rows' rounded points, so the printed figures add up.

Weights, thresholds and formulas are configuration (`params/chi-so-phuc-vu.yaml`, or `DEFAULT`
below when the project has none), each citing its source. `parse` checks a configuration already
read (`params.read_service_index` does the reading: this module does no I/O); every problem names
its line. `compute(report)` scores a `unit_report.Report`, `score(...)` the same from plain inputs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .. import fmt
from ..schema import DOSSIERS, FLOAT, INDICATORS, INDICATORS_REGISTER
from . import Fact, Rate
from . import formulas as formulas_m
from . import indicators as indicators_f
from . import tthc as tthc_f

NO_DATA = "chưa có dữ liệu"
NO_BASE = "không phát sinh hồ sơ thuộc diện tính"
TOTAL_LABEL = "Tổng cộng"
FULL_SCALE = Decimal(100)

# measure -> what it computes, in words (params/README.md lists them). A measure is a function of
# the report's TTHC figures and indicators: a Rate, a Fact (a percentage of the indicators
# register) or None when the registers do not hold it.
MEASURES: dict[str, str] = {
    "ty-le-dung-han": "tỷ lệ đúng hạn theo cách tính ghi ở khóa formula (mặc định qd766: hồ sơ giải quyết trước "
                      "hạn, đúng hạn và đang giải quyết trong hạn / tổng số hồ sơ phải giải quyết)",
    "ty-le-truc-tuyen": "số hồ sơ tiếp nhận trực tuyến / số hồ sơ tiếp nhận mới trong kỳ",
    "ty-le-thanh-toan-truc-tuyen": "số hồ sơ có thu phí, lệ phí đã thanh toán trực tuyến / số hồ sơ có thu phí, "
                                   "lệ phí (cần cột «Thu phí, lệ phí» trong sổ theo dõi hồ sơ)",
    "ty-le-so-hoa-tphs": "số hồ sơ có số hóa TPHS / số hồ sơ thuộc diện số hóa TPHS",
    "ty-le-so-hoa-ket-qua": "số hồ sơ có số hóa kết quả / số hồ sơ đã giải quyết thuộc diện số hóa kết quả",
    "chi-so": "một tỷ lệ (%) trong sổ các chỉ số khác (chi-so), mã chỉ số ghi ở khóa indicator",
}
PERCENT_INDICATORS = tuple(i.code for i in INDICATORS if i.kind == FLOAT and i.unit == "%")
_KEY_RE = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")


# --- configuration --------------------------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorSpec:
    key: str  # "2.1"
    name: str  # "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn"
    max: Decimal  # points
    measure: str = ""  # a key of MEASURES; empty: no register holds it
    full_at: Decimal = Decimal(1)  # the rate (0..1) at and above which the indicator gets its max
    formula: formulas_m.Formula | None = None  # measure ty-le-dung-han: the formula (figures.formulas), resolved
    indicator: str = ""  # measure chi-so: an indicator code (schema.INDICATORS, in %)
    note: str = ""  # where its points and threshold come from


@dataclass(frozen=True)
class GroupSpec:
    key: str
    name: str
    max: Decimal
    indicators: tuple[IndicatorSpec, ...]


@dataclass(frozen=True)
class Config:
    document: str  # the source document, as a sentence cites it: number, date, issuer
    title: str  # its subject
    part: str  # its article / appendix
    url: str
    note: str
    groups: tuple[GroupSpec, ...]
    origin: str = "có sẵn"  # "có sẵn" (DEFAULT) or "params/chi-so-phuc-vu.yaml"

    @property
    def max_points(self) -> Decimal:
        return sum((g.max for g in self.groups), Decimal(0))


_766 = ("Phê duyệt Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp trong thực hiện "
        "thủ tục hành chính, dịch vụ công theo thời gian thực trên môi trường điện tử")
_FROM_766 = "Điểm tối đa theo QĐ 766/QĐ-TTg (tóm tắt công khai của Quyết định)."
_SHARED = "Điểm tối đa: phân bổ tạm trong nhóm, cần đối chiếu Phụ lục QĐ 766/QĐ-TTg."
_FULL_AT = "Đạt mức này trở lên: điểm tối đa; dưới mức: tỷ lệ × điểm tối đa / mức (mô tả công thức tính Bộ chỉ số 766)."

# The shipped configuration: what a project without params/chi-so-phuc-vu.yaml scores by, and what
# the sample generator writes there (lib/cchc/sample/service_index.py). Plain data, as YAML reads.
DEFAULT: dict = {
    "source": {
        "document": "Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ",
        "title": _766,
        "part": "Quyết định và Phụ lục kèm theo: 5 nhóm chỉ số, tổng 100 điểm",
        "url": "https://thuviennhadat.vn/vbpl/quyet-dinh-766-qd-ttg-2022-bo-chi-so-danh-gia-chat-luong-phuc-vu-"
               "thu-tuc-hanh-chinh-dien-tu-518821.html",
        "note": "Điểm tối đa của 5 nhóm theo Quyết định (Sở Nội vụ Nam Định giới thiệu toàn văn: "
                "https://sonoivu.namdinh.gov.vn/cai-cach-hanh-chinh/thu-tuong-chinh-phu-phe-duyet-bo-chi-so-chi-dao-"
                "dieu-hanh-va-danh-gia-chat-luong-phuc-vu-nguoi-dan-doanh-nghiep-trong-2373). Điểm của chỉ số 1.2 (4), "
                "2.1 (20) và 5.3 (6) theo tóm tắt Quyết định (https://baocaotaichinh.vn/thu-vien/quyet-dinh-766-qd-"
                "ttg-2022-phe-duyet-bo-chi-so-chi-dao--dieu-hanh-va-danh-gia-chat-luong-phuc-vu-nguoi-dan--doanh-"
                "nghiep-2108502745-126270); điểm các chỉ số khác phân bổ tạm trong nhóm. Đơn vị tự tính từ sổ sách, "
                "không thay kết quả do Hệ thống đánh giá trên Cổng Dịch vụ công quốc gia công bố.",
    },
    "groups": [
        {"key": "cong-khai-minh-bach", "name": "Công khai, minh bạch", "max": 18, "indicators": [
            {"key": "1.1", "name": "Tỷ lệ TTHC công bố đúng hạn", "max": 4, "note": _SHARED},
            {"key": "1.2", "name": "Tỷ lệ TTHC được cập nhật, công khai đúng hạn", "max": 4, "note": _FROM_766},
            {"key": "1.3", "name": "Tỷ lệ TTHC công khai đầy đủ các bộ phận tạo thành", "max": 4, "note": _SHARED},
            {"key": "1.4", "name": "Tỷ lệ hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia", "max": 6, "note": _SHARED},
        ]},
        {"key": "tien-do-ket-qua", "name": "Tiến độ, kết quả giải quyết", "max": 20, "indicators": [
            {"key": "2.1", "name": "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn (kể cả đang xử lý trong hạn)", "max": 20,
             "measure": "ty-le-dung-han", "formula": "qd766", "full_at": 1,
             "note": _FROM_766 + " Hồ sơ đang giải quyết quá hạn làm giảm tỷ lệ."},
        ]},
        {"key": "so-hoa-ho-so", "name": "Số hóa hồ sơ", "max": 22, "indicators": [
            {"key": "3.1", "name": "Tỷ lệ hồ sơ có kết quả giải quyết điện tử (số hóa kết quả)", "max": 8,
             "measure": "ty-le-so-hoa-ket-qua", "full_at": 1, "note": _SHARED},
            {"key": "3.2", "name": "Tỷ lệ hồ sơ thực hiện số hóa hồ sơ (số hóa TPHS khi tiếp nhận)", "max": 8,
             "measure": "ty-le-so-hoa-tphs", "full_at": 0.8, "note": _SHARED + " " + _FULL_AT},
            {"key": "3.3", "name": "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa", "max": 6,
             "full_at": 0.8, "note": _SHARED},
        ]},
        {"key": "dich-vu-truc-tuyen", "name": "Cung cấp dịch vụ trực tuyến", "max": 22, "indicators": [
            {"key": "4.1", "name": "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến", "max": 4, "full_at": 0.8,
             "note": _SHARED},
            {"key": "4.2", "name": "Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ", "max": 4, "note": _SHARED},
            {"key": "4.3", "name": "Tỷ lệ hồ sơ nộp trực tuyến", "max": 6, "measure": "ty-le-truc-tuyen",
             "full_at": 0.5, "note": _SHARED + " " + _FULL_AT},
            {"key": "4.4", "name": "Tỷ lệ TTHC có nghĩa vụ tài chính được tích hợp thanh toán trực tuyến", "max": 4,
             "full_at": 0.8, "note": _SHARED},
            {"key": "4.5", "name": "Tỷ lệ hồ sơ thanh toán trực tuyến", "max": 4,
             "measure": "ty-le-thanh-toan-truc-tuyen", "full_at": 1, "note": _SHARED},
        ]},
        {"key": "muc-do-hai-long", "name": "Mức độ hài lòng", "max": 18, "indicators": [
            {"key": "5.1", "name": "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn", "max": 6, "note": _SHARED},
            {"key": "5.2", "name": "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị", "max": 6, "note": _SHARED},
            {"key": "5.3", "name": "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC", "max": 6, "measure": "chi-so",
             "indicator": "ty_le_hai_long_tthc", "full_at": 0.9, "note": _FROM_766 + " " + _FULL_AT},
        ]},
    ],
}

TOP_KEYS = {"source": "nguồn: văn bản, phần, địa chỉ, ghi chú", "groups": "danh sách nhóm chỉ số"}
SOURCE_KEYS = {"document": "văn bản: số, ngày, cơ quan ban hành", "title": "trích yếu", "part": "điều, phụ lục",
               "url": "địa chỉ trang có toàn văn", "note": "ghi chú"}
GROUP_KEYS = {"key": "mã nhóm", "name": "tên nhóm", "max": "điểm tối đa", "indicators": "danh sách chỉ số"}
INDICATOR_KEYS = {"key": "mã chỉ số", "name": "tên chỉ số", "max": "điểm tối đa",
                  "measure": "cách lấy số liệu (" + ", ".join(MEASURES) + "; để trống: sổ sách chưa có)",
                  "full_at": "tỷ lệ (0–1) từ đó đạt điểm tối đa", "formula": "cách tính tỷ lệ đúng hạn",
                  "indicator": "mã chỉ số trong sổ chi-so", "note": "nguồn của điểm và ngưỡng"}


def key_path(keys) -> str:
    """("groups", 1, "max") -> "groups[2].max": list items counted from 1, as a reader counts them."""
    out = ""
    for k in keys:
        out += f"[{k + 1}]" if isinstance(k, int) else (f".{k}" if out else str(k))
    return out


def _keys_words(keys: dict[str, str]) -> str:
    return ", ".join(f"{k} ({v})" for k, v in keys.items())


def _points(value) -> Decimal | None:
    """A number as YAML read it (int or float) -> Decimal; None for anything else (text, yes/no, nothing)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        try:
            d = Decimal(str(value))
        except ArithmeticError:
            return None
        return d if d.is_finite() else None
    return None


def parse(data, line, file: str, known_formulas: dict | None = None):
    """The configuration in `data` (as read from `file`; `line(*keys)` gives a key's line) ->
    (Config or None, [(message, line, value)]): every problem in Vietnamese, naming the line.
    `known_formulas`: the project's own formulas (params/formulas.yaml), beside the presets."""
    problems: list[tuple[str, int | None, str | None]] = []

    def err(message, *keys, value=None):
        where = f"Khóa «{key_path(keys)}»: " if keys else ""
        problems.append((where + message, line(*keys), None if value is None else str(value)))

    if not isinstance(data, dict):
        err(f"tệp phải là các khóa {_keys_words(TOP_KEYS)}; xem params/README.md.")
        return None, problems
    for k in data:
        if k not in TOP_KEYS:
            err(f"khóa không hợp lệ; các khóa được dùng: {_keys_words(TOP_KEYS)}.", k)
    source = data.get("source")
    texts = {}
    if not isinstance(source, dict):
        err(f"cần nguồn của chỉ số: {_keys_words(SOURCE_KEYS)}.", "source")
        source = {}
    for k, v in source.items():
        if k not in SOURCE_KEYS:
            err(f"khóa không hợp lệ; các khóa được dùng: {_keys_words(SOURCE_KEYS)}.", "source", k)
        elif v is not None and not isinstance(v, str):
            err("giá trị phải là chữ.", "source", k, value=v)
        else:
            texts[k] = v or ""
    if source and not texts.get("document"):
        err("ghi văn bản làm căn cứ (số, ngày, cơ quan ban hành), ví dụ Quyết định số 766/QĐ-TTg ngày 23/6/2022 "
            "của Thủ tướng Chính phủ.", "source", "document")

    groups_data = data.get("groups")
    if not isinstance(groups_data, list) or not groups_data:
        err(f"cần danh sách nhóm chỉ số, mỗi nhóm gồm {_keys_words(GROUP_KEYS)}.", "groups")
        return None, problems
    groups, seen = [], {}
    for gi, g in enumerate(groups_data):
        group = _parse_group(g, gi, err, line, seen, known_formulas or {})
        if group is not None:
            groups.append(group)
    if not problems:
        total = sum((g.max for g in groups), Decimal(0))
        if total != FULL_SCALE:
            err(f"tổng điểm tối đa của các nhóm là {fmt.number(total)}, phải là 100 "
                f"({' + '.join(fmt.number(g.max) for g in groups)}).", "groups")
    if problems:
        return None, problems
    return Config(texts.get("document", ""), texts.get("title", ""), texts.get("part", ""), texts.get("url", ""),
                  texts.get("note", ""), tuple(groups), origin=file), problems


def _check_keys(item, at, allowed: dict[str, str], what: str, err) -> bool | None:
    """None when `item` is no mapping (said), else whether every key of it is allowed (each other one said)."""
    if not isinstance(item, dict):
        err(f"mỗi {what} là một nhóm khóa: {_keys_words(allowed)}.", *at, value=item)
        return None
    unknown = [k for k in item if k not in allowed]
    for k in unknown:
        err(f"khóa không hợp lệ; các khóa được dùng: {_keys_words(allowed)}.", *at, k)
    return not unknown


def _parse_group(g, gi, err, line, seen, known_formulas) -> GroupSpec | None:
    at = ("groups", gi)
    ok = _check_keys(g, at, GROUP_KEYS, "nhóm", err)
    if ok is None:
        return None
    name, key, most = g.get("name"), g.get("key"), _points(g.get("max"))
    if not isinstance(name, str) or not name:
        err("cần tên nhóm chỉ số (chữ).", *at, "name", value=name)
        ok = False
    if not isinstance(key, str) or not _KEY_RE.match(key):
        err("mã nhóm chỉ gồm chữ thường không dấu, số, dấu «-» hoặc «.», ví dụ tien-do-ket-qua.", *at, "key", value=key)
        ok = False
    if most is None or most <= 0:
        err("điểm tối đa phải là một số lớn hơn 0, ví dụ 20.", *at, "max", value=g.get("max"))
        ok = False
    items = g.get("indicators")
    if not isinstance(items, list) or not items:
        err(f"cần danh sách chỉ số của nhóm, mỗi chỉ số gồm {_keys_words(INDICATOR_KEYS)}.", *at, "indicators")
        return None
    specs = []
    for ii, item in enumerate(items):
        spec = _parse_indicator(item, at + ("indicators", ii), err, line, seen, known_formulas)
        if spec is None:
            ok = False
        else:
            specs.append(spec)
    if not ok:
        return None
    total = sum((s.max for s in specs), Decimal(0))
    if total != most:
        parts = f" ({' + '.join(fmt.number(s.max) for s in specs)})" if len(specs) > 1 else ""
        err(f"tổng điểm tối đa các chỉ số của nhóm «{name}» là {fmt.number(total)}{parts}, khác điểm tối đa của nhóm "
            f"{fmt.number(most)}.",
            *at, "max", value=g.get("max"))
        return None
    return GroupSpec(key, name, most, tuple(specs))


def _parse_indicator(item, at, err, line, seen, known_formulas) -> IndicatorSpec | None:
    ok = _check_keys(item, at, INDICATOR_KEYS, "chỉ số", err)
    if ok is None:
        return None
    key, name, most = item.get("key"), item.get("name"), _points(item.get("max"))
    if not isinstance(key, str) or not _KEY_RE.match(key):
        err("mã chỉ số chỉ gồm chữ thường không dấu, số, dấu «-» hoặc «.», ví dụ 2.1.", *at, "key", value=key)
        ok = False
    elif key in seen:
        err(f"mã chỉ số «{key}» đã dùng ở dòng {seen[key]}; mỗi chỉ số một mã.", *at, "key", value=key)
        ok = False
    else:
        seen[key] = line(*at, "key")
    if not isinstance(name, str) or not name:
        err("cần tên chỉ số (chữ).", *at, "name", value=name)
        ok = False
    if most is None or most < 0:
        err("điểm tối đa phải là một số không âm, ví dụ 6.", *at, "max", value=item.get("max"))
        ok = False
    measure = item.get("measure") or ""
    if measure and measure not in MEASURES:
        err(f"«{measure}» không phải cách lấy số liệu; dùng một trong: {', '.join(MEASURES)}, hoặc để trống khi sổ "
            "sách chưa có số liệu.", *at, "measure", value=measure)
        ok = False
    full_at = _points(item.get("full_at", 1))
    if full_at is None or not 0 < full_at <= 1:
        err("ngưỡng đạt điểm tối đa là một tỷ lệ lớn hơn 0 và không quá 1, ví dụ 0.8 (80%).", *at, "full_at",
            value=item.get("full_at"))
        ok = False
    name_of_formula, formula = item.get("formula") or "", None
    if name_of_formula and measure != "ty-le-dung-han":
        err("khóa formula chỉ dùng với measure: ty-le-dung-han.", *at, "formula", value=name_of_formula)
        ok = False
    elif measure == "ty-le-dung-han":
        try:
            formula = formulas_m.resolve(str(name_of_formula or "qd766"), known_formulas)
        except KeyError as exc:
            err(exc.args[0], *at, "formula", value=name_of_formula)
            ok = False
    code = item.get("indicator") or ""
    if code and measure != "chi-so":
        err("khóa indicator chỉ dùng với measure: chi-so.", *at, "indicator", value=code)
        ok = False
    elif measure == "chi-so" and code not in PERCENT_INDICATORS:
        err(f"«{code}» không phải mã một tỷ lệ (%) của sổ các chỉ số khác; dùng một trong: "
            f"{', '.join(PERCENT_INDICATORS)}.", *at, "indicator", value=code)
        ok = False
    note = item.get("note") or ""
    if not isinstance(note, str):
        err("giá trị phải là chữ.", *at, "note", value=note)
        ok = False
    if not ok:
        return None
    return IndicatorSpec(key, name, most, measure, full_at, formula, code, note)


def _default_config() -> Config:
    config, problems = parse(DEFAULT, lambda *keys: None, "có sẵn")
    assert config is not None and not problems, problems
    return config


# --- the index ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    group: str  # group name
    key: str  # indicator key, "2.1"
    indicator: str  # indicator name
    value_text: str  # "98,75% (1.234/1.250 hồ sơ)", or "" when not computed
    points: Decimal | None  # None: excluded
    max: Decimal
    source: str  # register, or NO_DATA / NO_BASE
    value: Fraction | None = None  # the rate 0..1
    measured: Rate | Fact | None = None  # what the value was computed from (its lineage)

    @property
    def available(self) -> bool:
        return self.points is not None


@dataclass(frozen=True)
class Group:
    key: str
    name: str
    points: Decimal  # sum of its available rows' points
    max: Decimal  # sum of its available rows' maxima (the adjusted maximum)
    full_max: Decimal  # the group's maximum in the configuration
    available: bool


@dataclass(frozen=True)
class ServiceIndex:
    total: Decimal  # points of the available indicators
    max_points: Decimal  # the adjusted maximum: the available indicators' maxima
    full_max: Decimal  # the configuration's maximum (100)
    groups: tuple[Group, ...]
    rows: tuple[Row, ...]
    config: Config

    @property
    def available(self) -> bool:
        return any(r.available for r in self.rows)

    @property
    def scaled(self) -> Decimal | None:
        """total / max_points on the 100-point scale, rounded half up to 2 places; None when nothing is computed."""
        if not self.max_points:
            return None
        return fmt.round_half_up(fmt.exact(self.total) * 100 / fmt.exact(self.max_points), 2)

    @property
    def excluded(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if not r.available)

    @property
    def measured(self) -> list:
        """The Rates and Facts the scored rows were computed from, in order (the lineage table's rows)."""
        return [r.measured for r in self.rows if r.available and r.measured is not None]

    def headline(self) -> dict | None:
        """{"points": x, "max": y} for the index and the consolidated ranking; None when nothing is computed."""
        if not self.available:
            return None
        return {"points": float(self.total), "max": float(self.max_points)}


def _measure(spec: IndicatorSpec, tthc, indicators, indicators_file: str) -> Rate | Fact | None:
    if spec.measure == "ty-le-dung-han":
        return tthc_f.on_time_rate(tthc, spec.formula or "qd766")
    if spec.measure == "ty-le-truc-tuyen":
        return tthc_f.online_share(tthc)
    if spec.measure == "ty-le-thanh-toan-truc-tuyen":
        return tthc_f.online_payment_share(tthc)
    if spec.measure == "ty-le-so-hoa-tphs":
        return tthc_f.intake_digitisation_rate(tthc)
    if spec.measure == "ty-le-so-hoa-ket-qua":
        return tthc_f.result_digitisation_rate(tthc)
    if spec.measure == "chi-so":
        return indicators_f.get(indicators, spec.indicator, indicators_file)
    return None


def _value(measured) -> Fraction | None:
    if isinstance(measured, Rate):
        return measured.value
    if isinstance(measured, Fact) and measured.value is not None:
        return Fraction(str(measured.value)) / 100
    return None


def _value_text(measured) -> str:
    if isinstance(measured, Rate):
        num, den = measured.pair
        unit = getattr(measured.denominator, "unit", "") or "hồ sơ"
        return f"{fmt.percent(num, den)} ({fmt.number(num)}/{fmt.number(den)} {unit})"
    if isinstance(measured, Fact):
        return fmt.pct(measured.value)
    return ""


def _source(measured) -> str:
    if isinstance(measured, Rate):
        return DOSSIERS.title
    if isinstance(measured, Fact):
        return f"{INDICATORS_REGISTER.title} (mã {measured.key.split('.', 1)[-1]})"
    return NO_DATA


def indicator_points(max_points: Decimal, value: Fraction, full_at: Decimal) -> Decimal:
    """max × min(1, value / full_at), rounded half up to 2 places."""
    share = min(Fraction(1), value / fmt.exact(full_at))
    return fmt.round_half_up(fmt.exact(max_points) * share, 2)


def score(config: Config | None, tthc, indicators, indicators_file: str = "") -> ServiceIndex:
    """The index of one period from its TTHC figures (`figures.tthc.TthcSummary`) and indicators
    (code -> value, as the indicators register was read), by `config` (None: `DEFAULT`)."""
    config = config or _default_config()
    rows, groups = [], []
    for g in config.groups:
        group_rows = []
        for spec in g.indicators:
            measured = _measure(spec, tthc, indicators, indicators_file)
            value = _value(measured)
            if measured is None:
                row = Row(g.name, spec.key, spec.name, "", None, spec.max, NO_DATA)
            elif value is None:
                row = Row(g.name, spec.key, spec.name, _value_text(measured), None, spec.max, NO_BASE)
            else:
                row = Row(g.name, spec.key, spec.name, _value_text(measured),
                          indicator_points(spec.max, value, spec.full_at), spec.max, _source(measured), value,
                          measured)
            group_rows.append(row)
        done = [r for r in group_rows if r.available]
        groups.append(Group(g.key, g.name, sum((r.points for r in done), Decimal(0)),
                            sum((r.max for r in done), Decimal(0)), g.max, bool(done)))
        rows += group_rows
    return ServiceIndex(sum((gr.points for gr in groups), Decimal(0)), sum((gr.max for gr in groups), Decimal(0)),
                        config.max_points, tuple(groups), tuple(rows), config)


def compute(report) -> ServiceIndex:
    """The service index of a `unit_report.Report`, by the configuration its params carry (the
    project's params/chi-so-phuc-vu.yaml as read when the report was loaded, else `DEFAULT`)."""
    config = getattr(report.params, "service_index", None)
    return score(config, report.tthc, report.uy.indicators, report._file("indicators"))
