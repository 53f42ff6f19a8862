"""A project's settings: the marker file `cchc-project.yaml` at the project root.

```yaml
province: Quảng Ngãi        # tỉnh, thành phố của các đơn vị trong dự án
cutoff_calendar: bnv        # lịch chốt số liệu báo cáo (tên lịch)
import_profile:             # hồ sơ nhập dữ liệu mặc định (để trống: không dùng)
output: output              # thư mục kết quả, tương đối so với thư mục dự án
on_time_formula: qd766      # cách tính tỷ lệ giải quyết đúng hạn của tỉnh (mặc định tren-tiep-nhan)
```

Every key is optional; an empty file is a valid project. An unknown key is an error (a typo
would otherwise be ignored silently). `CCHC_ROOT` without a marker (tests' temporary roots) has
the defaults. The settings are stored here for the parts that use them: `output` is read by
`paths.output_dir`; `on_time_formula` by `params.read_report_params` (a report's own
`on_time_formula:` wins); `province`, `cutoff_calendar` and `import_profile` are kept for the import and
calendar code.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from . import paths
from .problems import InputError

# key -> what it is, in Vietnamese (the scaffold's comments and the error messages)
KEYS = {
    "province": "tỉnh, thành phố của các đơn vị trong dự án",
    "cutoff_calendar": "lịch chốt số liệu báo cáo (tên lịch, ví dụ bnv)",
    "import_profile": "hồ sơ nhập dữ liệu mặc định",
    "output": "thư mục kết quả, tương đối so với thư mục dự án hoặc tuyệt đối (mặc định: output)",
    "on_time_formula": "cách tính tỷ lệ giải quyết đúng hạn của tỉnh (mặc định: tren-tiep-nhan; xem params/README.md)",
}


@dataclass(frozen=True)
class Settings:
    province: str | None = None
    cutoff_calendar: str | None = None
    import_profile: str | None = None
    output: str | None = None
    on_time_formula: str | None = None


assert tuple(f.name for f in fields(Settings)) == tuple(KEYS)


class ProjectError(ValueError):
    """The marker file cannot be used; the message is Vietnamese and names the file and line."""


def read_settings(root: Path) -> Settings:
    """The settings in `root`'s marker file (defaults when there is none)."""
    from .readers import read_yaml

    path = Path(root) / paths.MARKER
    if not path.is_file():
        return Settings()
    try:
        doc = read_yaml(path)
    except InputError as exc:
        raise ProjectError("; ".join(str(p) for p in exc.problems)) from None
    data = doc.data
    if data is None:
        return Settings()
    if not isinstance(data, dict):
        raise ProjectError(f"{path}: tệp cài đặt dự án phải là các dòng «khóa: giá trị» "
                           f"({', '.join(KEYS)}).")
    values = {}
    for key, value in data.items():
        if key not in KEYS:
            raise ProjectError(f"{path}, dòng {doc.line(key)}: khóa «{key}» không được dùng; các khóa "
                               f"hợp lệ: {', '.join(KEYS)}.")
        if value is not None and not isinstance(value, (str, int)):
            raise ProjectError(f"{path}, dòng {doc.line(key)}: khóa «{key}» ({KEYS[key]}) phải là "
                               "một giá trị đơn, không phải danh sách hay nhóm khóa.")
        values[key] = None if value in (None, "") else str(value)
    return Settings(**values)


def settings() -> Settings:
    """The current project's settings (see `paths.project_root`)."""
    return read_settings(paths.project_root())
