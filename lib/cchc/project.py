"""A project's settings: the marker file `cchc-project.yaml` at the project root.

```yaml
province: Quảng Ngãi        # tỉnh, thành phố của các đơn vị trong dự án
cutoff_calendar: bnv        # lịch chốt số liệu: bnv (kỳ bắt đầu ngày 15) hoặc lich (ngày 1)
monthly_cutoff_day: 21      # ngày bắt đầu kỳ báo cáo tháng, 1–28 (mặc định: như lịch chốt)
import_profile:             # hồ sơ nhập dữ liệu mặc định (để trống: không dùng)
output: output              # thư mục kết quả, tương đối so với thư mục dự án
on_time_formula: qd766      # cách tính tỷ lệ giải quyết đúng hạn của tỉnh (mặc định tren-tiep-nhan)
```

Every key is optional; an empty file is a valid project. An unknown key is an error (a typo
would otherwise be ignored silently). `CCHC_ROOT` without a marker (tests' temporary roots) has
the defaults. The settings are stored here for the parts that use them: `output` is read by
`paths.output_dir`; `cutoff_calendar` and `monthly_cutoff_day` make the project's
`period.Calendar` (`calendar()`: the dates of every period id); `on_time_formula` is read by
`params.read_report_params` (a report's own `on_time_formula:` wins); `import_profile` is the
import profile (params/profiles/) of every unit that names none (`load.Context.profile_of`);
`province` is kept for the import code. A calendar other than `bnv` or `lich`, or a monthly
cut-off day outside 1–28, is an error naming the file and line.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from . import paths
from .period import CALENDARS, MAX_START_DAY, Calendar
from .problems import InputError

# key -> what it is, in Vietnamese (the scaffold's comments and the error messages)
KEYS = {
    "province": "tỉnh, thành phố của các đơn vị trong dự án",
    "cutoff_calendar": ("lịch chốt số liệu báo cáo: bnv (mặc định; kỳ bắt đầu ngày 15, năm 2024 = 15/12/2023 – "
                        "14/12/2024) hoặc lich (kỳ theo lịch, bắt đầu ngày 1)"),
    "monthly_cutoff_day": (f"ngày bắt đầu kỳ báo cáo tháng, từ 1 đến {MAX_START_DAY} (mặc định: 15 với bnv, 1 với "
                           "lich; ví dụ 21 = từ ngày 21 tháng trước đến ngày 20)"),
    "import_profile": "hồ sơ nhập dữ liệu mặc định",
    "output": "thư mục kết quả, tương đối so với thư mục dự án hoặc tuyệt đối (mặc định: output)",
    "on_time_formula": "cách tính tỷ lệ giải quyết đúng hạn của tỉnh (mặc định: tren-tiep-nhan; xem params/README.md)",
}


@dataclass(frozen=True)
class Settings:
    province: str | None = None
    cutoff_calendar: str | None = None
    monthly_cutoff_day: int | None = None
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
    calendar = values.get("cutoff_calendar")
    if calendar is not None and calendar not in CALENDARS:
        raise ProjectError(f"{path}, dòng {doc.line('cutoff_calendar')}: lịch chốt số liệu «{calendar}» không có; "
                           f"chọn một trong: {', '.join(CALENDARS)} ({KEYS['cutoff_calendar']}).")
    day = data.get("monthly_cutoff_day")
    if day not in (None, ""):
        if isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= MAX_START_DAY:
            raise ProjectError(f"{path}, dòng {doc.line('monthly_cutoff_day')}: khóa «monthly_cutoff_day» phải là "
                               f"một số nguyên từ 1 đến {MAX_START_DAY} ({KEYS['monthly_cutoff_day']}); nhận được "
                               f"«{day}».")
        values["monthly_cutoff_day"] = day
    return Settings(**values)


def settings() -> Settings:
    """The current project's settings (see `paths.project_root`)."""
    return read_settings(paths.project_root())


def calendar() -> Calendar:
    """The current project's cut-off calendar (the dates of every period id)."""
    return Calendar.from_settings(settings())
