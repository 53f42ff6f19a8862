"""Warnings printed while a section notebook ran, read back from its stderr and said in Vietnamese.

A kernel prints a Python warning to stderr as `FILE:LINE: Category: message` followed by the
source line (`  fig.savefig(...)`); both engines (papermill's kernel and the fork engine) keep
that text as a `stream`/`stderr` output of the cell. `of_notebook` reads an executed notebook and
turns every such warning, and any other stderr text, into a `NotebookWarning`: a Vietnamese
message for the reviewer, the English original for the developer, and a severity. A glyph
missing from the chart font is an error (the chart would print a box in the official PDF); the
build fails that unit-year on it. Everything else is a warning, counted with the input
validation's warnings in the build summary, the index and the reviewers' appendix.

Pure functions on text and notebook JSON: no kernel, no matplotlib import.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

ERROR, WARNING = "error", "warning"

# `warnings.formatwarning`: "FILE:LINE: Category: message" (the location is absent when a
# program prints "Category: message" itself).
_HEADER = re.compile(r"^(?:(?P<file>\S.*?):(?P<line>\d+): )?(?P<cat>[A-Za-z_]\w*Warning): (?P<msg>.*)$")
# matplotlib >= 3.6 names the fonts; older versions say "current font".
_GLYPH = re.compile(r"Glyph (?P<cp>\d+) \(.*?\) missing from (?:font\(s\) (?P<fonts>.+?)|current font)\.?\s*$")
_LIBRARIES = ("pandas", "matplotlib", "numpy", "scipy", "seaborn", "nbformat", "ipykernel", "IPython",
              "jupyter_client", "papermill", "weasyprint")
_PANDAS_HINTS = ("DataFrame", "Series", "groupby", "GroupBy", "dtype", "Index", "concat", "read_csv",
                 "read_excel", "fillna", "applymap", "Timestamp", "to_datetime")
_DEPRECATION = ("FutureWarning", "DeprecationWarning", "PendingDeprecationWarning")
_ARITHMETIC = ("divide by zero", "invalid value encountered", "overflow encountered",
               "Mean of empty slice", "Degrees of freedom <= 0")


@dataclass(frozen=True)
class NotebookWarning:
    notebook: str  # the section's stem, "03_cai-cach-tthc"
    severity: str  # ERROR or WARNING
    message: str  # Vietnamese (NFC), for the reviewer
    original: str  # the text as printed (English), for the developer
    category: str = ""  # "UserWarning", ...; "" for stderr text that is no Python warning

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "NotebookWarning":
        return cls(**{k: d.get(k, "") for k in ("notebook", "severity", "message", "original", "category")})

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def reason(self) -> str:
        """The line a failed unit-year shows (build summary, status.json, index)."""
        return _nfc(f"{self.notebook}: {self.message}")


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


@dataclass
class _Raw:
    category: str
    message: str
    file: str
    lines: list[str]  # as printed, header first


def parse(text: str) -> list[_Raw]:
    """Split one stderr text into the warnings it holds; other text becomes one entry of its own."""
    found: list[_Raw] = []
    other: list[str] = []
    current: _Raw | None = None
    for line in text.splitlines():
        m = _HEADER.match(line)
        if m:
            current = _Raw(m["cat"], m["msg"], m["file"] or "", [line])
            found.append(current)
        elif current is not None and (line.startswith((" ", "\t")) or not line.strip()):
            current.lines.append(line)  # the source line echoed under the warning, or its message going on
        elif line.strip():
            current = None
            other.append(line)
    if other:
        found.append(_Raw("", "", "", other))
    return found


def _library(raw: _Raw) -> str:
    where = raw.file.replace("\\", "/")
    m = re.search(r"/(?:site|dist)-packages/([A-Za-z_][\w]*)/", where)
    if m:
        return m.group(1)
    if raw.category.startswith("Matplotlib"):
        return "matplotlib"
    if raw.category in ("SettingWithCopyWarning", "PerformanceWarning") or raw.category.startswith("Pandas"):
        return "pandas"
    text = raw.message
    for lib in _LIBRARIES:
        if re.search(rf"\b{re.escape(lib)}\b", text, re.I):
            return lib
    if any(h in text for h in _PANDAS_HINTS):
        return "pandas"
    return "Python"


def classify(raw: _Raw, notebook: str) -> NotebookWarning:
    original = "\n".join(raw.lines).rstrip()
    msg = " ".join([raw.message] + [ln.strip() for ln in raw.lines[1:-1]]) if raw.category else ""
    severity, vi = WARNING, ""
    if not raw.category:
        vi = "nội dung khác được in ra luồng lỗi (stderr) khi chạy phần này"
    elif (g := _GLYPH.search(raw.message)) is not None:
        cp = int(g["cp"])
        fonts = f" ({g['fonts']})" if g["fonts"] else ""
        severity = ERROR
        vi = (f'ký tự "{chr(cp)}" (U+{cp:04X}) không có trong phông chữ của biểu đồ{fonts}: biểu đồ sẽ in '
              "ô vuông thay cho ký tự này")
    elif raw.category in _DEPRECATION or raw.category.endswith("DeprecationWarning"):
        vi = (f"cảnh báo kỹ thuật của thư viện {_library(raw)}: một cách gọi trong mã sẽ thay đổi hoặc bị bỏ "
              "ở phiên bản sau; chưa làm thay đổi số liệu của báo cáo này, người phát triển cần sửa mã")
    elif raw.category == "RuntimeWarning" and any(a in msg for a in _ARITHMETIC):
        vi = ("phép tính số học không xác định (chia cho 0, giá trị rỗng hoặc tràn số): cần kiểm tra "
              "số liệu đầu vào và kết quả của phần này")
    elif raw.category == "SettingWithCopyWarning":
        vi = ("cảnh báo kỹ thuật của thư viện pandas: ghi vào một bản sao của bảng dữ liệu, giá trị có thể "
              "không được lưu; người phát triển cần sửa mã")
    elif "No artists with labels found" in msg:
        vi = "biểu đồ không có chú giải vì không dãy số nào được đặt tên"
    elif "layout not applied" in msg.lower() or "constrained_layout not applied" in msg:
        vi = "bố cục biểu đồ không căn chỉnh được, chữ trên biểu đồ có thể bị chồng hoặc bị cắt"
    else:
        vi = f"cảnh báo của thư viện {_library(raw)} chưa được phân loại ({raw.category}): xem nguyên văn"
    return NotebookWarning(notebook, severity, _nfc(vi), original, raw.category)


def from_stderr(text: str, notebook: str) -> list[NotebookWarning]:
    return [classify(r, notebook) for r in parse(text)]


def of_cells(cells, notebook_of=None) -> list[NotebookWarning]:
    """Every stderr output of `cells` (dicts or NotebookNodes), in order. `notebook_of(cell)` names
    the notebook a cell came from (a stitched notebook holds several)."""
    found: list[NotebookWarning] = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                text = out.get("text", "")
                text = "".join(text) if isinstance(text, list) else text
                found += from_stderr(text, notebook_of(cell) if notebook_of else "")
    return found


def of_notebook(path: Path) -> list[NotebookWarning]:
    """The warnings of one executed notebook (every cell: parameters and removed cells included,
    since the build counts what ran, not what is printed)."""
    path = Path(path)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return of_cells(nb.get("cells", []), lambda _c: path.stem)


def summary(input_warnings: int, notebook: list[NotebookWarning]) -> dict:
    """The one count a build shows everywhere (summary line, status.json, index, appendix):
    the input validation's warnings plus the notebooks' warnings (errors are failures, not counted)."""
    warnings = [w for w in notebook if not w.is_error]
    return {
        "total": input_warnings + len(warnings),
        "inputs": input_warnings,
        "notebooks": [w.to_dict() for w in warnings],
    }
