"""Named formulas of the on-time rate: numerator and denominator as sums of named terms.

Provinces compute "tỷ lệ giải quyết đúng hạn" differently (design.md, issue 9). A `Formula` is a
sum of terms over a sum of terms; the terms are the per-period quantities of `figures.tthc`
(`TERMS`: ASCII Vietnamese keys, each a `TthcSummary` attribute and its words). Presets are built
in (`PRESETS`); a project adds its own in `params/formulas.yaml`, parsed here by `parse` from the
YAML already read (`params.read_formulas` does the reading: this module does no I/O). A report
chooses one (`on_time_formula:` in its params, or per province in `cchc-project.yaml`; default
`tren-tiep-nhan`), states it in words once and uses it for every on-time rate it prints; a target
is compared only when its formula has the report's terms.

The legacy `on_time_basis` values map to presets (`LEGACY`): received -> tren-tiep-nhan,
resolved -> tren-da-giai-quyet, due -> tren-den-han.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# term -> (TthcSummary attribute, the term in words as a formula reads it)
TERMS: dict[str, tuple[str, str]] = {
    "tu_ky_truoc": ("carried_over", "số hồ sơ từ kỳ trước chuyển sang"),
    "moi_tiep_nhan": ("received_new", "số hồ sơ mới tiếp nhận trong kỳ"),
    "tong_phai_giai_quyet": ("received_total", "tổng số hồ sơ phải giải quyết (từ kỳ trước và mới tiếp nhận)"),
    "da_giai_quyet": ("resolved_total", "số hồ sơ đã giải quyết"),
    "truoc_han": ("resolved_early", "số hồ sơ giải quyết trước hạn"),
    "dung_han": ("resolved_on_time", "số hồ sơ giải quyết đúng hạn"),
    "qua_han": ("resolved_late", "số hồ sơ giải quyết quá hạn"),
    "dang_giai_quyet": ("pending_total", "số hồ sơ đang giải quyết"),
    "dang_trong_han": ("pending_within", "số hồ sơ đang giải quyết trong hạn"),
    "dang_qua_han": ("pending_overdue", "số hồ sơ đang giải quyết quá hạn"),
    "rut": ("withdrawn", "số hồ sơ rút"),
    "tra_lai": ("returned", "số hồ sơ trả lại"),
    "cho_bo_sung": ("awaiting_supplement", "số hồ sơ chờ bổ sung"),
    "den_han_trong_ky": ("due_in_period", "số hồ sơ đến hạn giải quyết trong kỳ"),
    "den_han_dung_han": ("due_resolved_in_time", "số hồ sơ đến hạn trong kỳ đã giải quyết trước hạn, đúng hạn"),
}

RATE_LABEL = "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn"
_KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Formula:
    """numerator / denominator, each a sum of `TERMS`, with how the report says it.

    `label`: the rate as a sentence names it; `base`: what follows the rate ("trên tổng số hồ sơ
    tiếp nhận"); `words`: the formula in words (stated once in the report); `name`: the formula's
    own name ("QĐ 766/QĐ-TTg"); `origin`: where it is defined (built in, or file and line)."""
    key: str
    name: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    label: str = RATE_LABEL
    base: str = ""
    words: str = ""
    origin: str = "có sẵn"

    def __post_init__(self):
        unknown = [t for t in self.numerator + self.denominator if t not in TERMS]
        if unknown or not self.numerator or not self.denominator:
            raise ValueError(f"cách tính «{self.key}»: tử số và mẫu số phải là tổng các số liệu trong "
                             f"{', '.join(TERMS)}; nhận được {list(self.numerator)} / {list(self.denominator)}")
        if not self.base:
            object.__setattr__(self, "base", "trên " + _side_words(self.denominator))
        if not self.words:
            object.__setattr__(self, "words", f"{self.label} = {_side_words(self.numerator, True)} / "
                                              f"{_side_words(self.denominator, True)}")

    def same_terms(self, other: "Formula") -> bool:
        """Both compute the same ratio (whatever they are called)."""
        return (Counter(self.numerator) == Counter(other.numerator)
                and Counter(self.denominator) == Counter(other.denominator))


def _side_words(terms: tuple[str, ...], parens: bool = False) -> str:
    words = " + ".join(TERMS[t][1] for t in terms)
    return f"({words})" if parens and len(terms) > 1 else words


_IN_TIME = ("truoc_han", "dung_han")
_PROGRESS_LABEL = "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn và đang giải quyết trong hạn"
_PROGRESS_WORDS = (f"{_PROGRESS_LABEL} = (số hồ sơ giải quyết trước hạn + số hồ sơ giải quyết đúng hạn + số hồ sơ "
                   "đang giải quyết trong hạn) / tổng số hồ sơ phải giải quyết trong kỳ (từ kỳ trước và mới tiếp nhận)")
PRESETS: dict[str, Formula] = {f.key: f for f in (
    Formula("tren-tiep-nhan", "trên tổng số hồ sơ tiếp nhận", _IN_TIME, ("tong_phai_giai_quyet",),
            base="trên tổng số hồ sơ tiếp nhận",
            words="Tỷ lệ giải quyết đúng hạn = số hồ sơ giải quyết trước hạn và đúng hạn / tổng số hồ sơ tiếp "
                  "nhận (kể cả hồ sơ từ kỳ trước chuyển sang)"),
    Formula("tren-da-giai-quyet", "trên tổng số hồ sơ đã giải quyết", _IN_TIME, ("da_giai_quyet",),
            base="trên tổng số hồ sơ đã giải quyết",
            words="Tỷ lệ giải quyết đúng hạn = số hồ sơ giải quyết trước hạn và đúng hạn / tổng số hồ sơ đã "
                  "giải quyết"),
    Formula("tren-den-han", "trên số hồ sơ đến hạn trong kỳ", ("den_han_dung_han",), ("den_han_trong_ky",),
            base="trên tổng số hồ sơ đến hạn giải quyết trong kỳ",
            words="Tỷ lệ giải quyết đúng hạn = số hồ sơ có hạn giải quyết trong kỳ đã giải quyết trước hạn hoặc "
                  "đúng hạn / tổng số hồ sơ có hạn giải quyết trong kỳ"),
    Formula("qd766", "theo Quyết định số 766/QĐ-TTg", _IN_TIME + ("dang_trong_han",), ("tong_phai_giai_quyet",),
            label=_PROGRESS_LABEL, base="trên tổng số hồ sơ phải giải quyết trong kỳ",
            words=_PROGRESS_WORDS + " (chỉ số tiến độ giải quyết theo Quyết định số 766/QĐ-TTg)"),
    # The city one-stop centre's formula has the same terms as QĐ 766's; both names are kept, as
    # offices know them (params/README.md says so).
    Formula("trung-tam-tp", "của Trung tâm Phục vụ hành chính công thành phố", _IN_TIME + ("dang_trong_han",),
            ("tong_phai_giai_quyet",), label=_PROGRESS_LABEL, base="trên tổng số hồ sơ phải giải quyết trong kỳ",
            words=_PROGRESS_WORDS),
)}
DEFAULT = "tren-tiep-nhan"
LEGACY = {"received": "tren-tiep-nhan", "resolved": "tren-da-giai-quyet", "due": "tren-den-han"}


def resolve(name, known: dict[str, Formula] | None = None) -> Formula:
    """A Formula from itself, a preset or project formula key, or a legacy basis; KeyError with
    the Vietnamese list of names otherwise."""
    if isinstance(name, Formula):
        return name
    table = {**PRESETS, **(known or {})}
    key = LEGACY.get(name, name) if isinstance(name, str) else name
    if key not in table:
        raise KeyError(unknown_message(name, table))
    return table[key]


def unknown_message(name, table: dict[str, Formula] | None = None) -> str:
    table = {**PRESETS, **(table or {})}
    names = "; ".join(f"{k} ({f.name})" for k, f in table.items())
    legacy = ", ".join(f"{k} (= {v})" for k, v in LEGACY.items())
    return f"không có cách tính «{name}»; các cách tính được dùng: {names}; cách ghi cũ: {legacy}."


# --- project formulas (params/formulas.yaml) -------------------------------------------------------

SPEC_KEYS = {"name": "tên cách tính", "numerator": "tử số", "denominator": "mẫu số",
             "label": "tên tỷ lệ khi in", "base": "cơ sở tính, sau tỷ lệ: «trên …»", "words": "diễn giải"}


def _terms(value) -> tuple[list[str], list[str]]:
    """("a + b" or [a, b]) -> (terms, unknown)."""
    if value is None:
        return [], []
    if isinstance(value, str):
        parts = [p.strip() for p in value.split("+")]
    elif isinstance(value, list):
        parts = [p.strip() if isinstance(p, str) else p for p in value]
    else:
        return [], [str(value)]
    parts = [p for p in parts if p not in ("", None)]
    return [p for p in parts if p in TERMS], [str(p) for p in parts if p not in TERMS]


def parse(data, line, file: str, duplicates: dict[str, int] | None = None):
    """The project formulas of `params/formulas.yaml` (`data` as read, `line(*keys)` the line of
    a key, `duplicates`: key -> line of each repeated key) -> ({key: Formula}, [(message, line,
    value)]): every problem in Vietnamese, naming the line."""
    found: dict[str, Formula] = {}
    problems: list[tuple[str, int | None, str | None]] = []

    def err(message, *keys, value=None):
        where = f"Khóa «{'.'.join(map(str, keys))}»: " if keys else ""
        problems.append((where + message, line(*keys), None if value is None else str(value)))

    for key, row in (duplicates or {}).items():
        problems.append((f"Khóa «{key}»: cách tính này được khai báo hai lần; mỗi tên chỉ khai báo một lần.",
                         row, key))
    if data is None:
        return found, problems
    if not isinstance(data, dict):
        err("tệp phải là các nhóm khóa, mỗi nhóm một cách tính: <tên>: {name, numerator, denominator}; "
            "xem params/README.md.")
        return found, problems
    for key, spec in data.items():
        if not isinstance(key, str) or not _KEY_RE.match(key):
            err("tên cách tính chỉ gồm chữ thường không dấu, số và dấu «-», ví dụ tinh-quang-ngai.", key)
            continue
        if key in PRESETS or key in LEGACY:
            err(f"trùng tên cách tính có sẵn ({', '.join(PRESETS)}); đặt tên khác.", key)
            continue
        if not isinstance(spec, dict):
            err("mỗi cách tính là một nhóm khóa: " + ", ".join(f"{k} ({v})" for k, v in SPEC_KEYS.items()) + ".",
                key, value=spec)
            continue
        ok = True
        for k in spec:
            if k not in SPEC_KEYS:
                err("khóa không hợp lệ; các khóa được dùng: "
                    + ", ".join(f"{k2} ({v})" for k2, v in SPEC_KEYS.items()) + ".", key, k)
                ok = False
        sides = {}
        for side in ("numerator", "denominator"):
            terms, unknown = _terms(spec.get(side))
            for t in unknown:
                err(f"«{t}» không phải tên số liệu; các số liệu được dùng: {', '.join(TERMS)}.", key, side, value=t)
                ok = False
            if not terms and not unknown:
                err(f"{SPEC_KEYS[side]} trống; ghi tổng các số liệu, ví dụ truoc_han + dung_han.", key, side)
                ok = False
            sides[side] = tuple(terms)
        texts = {}
        for k in ("name", "label", "base", "words"):
            v = spec.get(k)
            if v is not None and not isinstance(v, str):
                err("giá trị phải là chữ.", key, k, value=v)
                ok = False
            texts[k] = v or ""
        if ok:
            found[key] = Formula(key, texts["name"] or key, sides["numerator"], sides["denominator"],
                                 label=texts["label"] or RATE_LABEL, base=texts["base"], words=texts["words"],
                                 origin=f"{file}, dòng {line(key)}")
    return found, problems
