"""The `cchc` command: `cchc init`, `cchc validate`, `cchc build`, `cchc lab`, `cchc new`,
`cchc import` and `cchc --version`; `--project` picks the project folder."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


# --engine choices; cchc.batch.engines maps them to papermill engines and picks the default
# (fork on Linux only), imported only by `cchc build` so that `cchc validate` stays light.
ENGINE_CHOICES = ("fork", "papermill")


# argparse's own strings (usage, option groups, -h, its error messages), said in Vietnamese. argparse
# looks each up through the module's `_` / `ngettext` when it needs it, so `_Parser` swaps them in
# only while it builds, parses or prints: nothing else in the process (pytest, Jupyter) sees them.
ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "options": "tùy chọn",
    "positional arguments": "tham số",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "lựa chọn không hợp lệ: %(value)r (chọn một trong: %(choices)s)",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn chưa rõ: %(option)s có thể là %(matches)s",
    "not allowed with argument %s": "không dùng được cùng tham số %s",
    "ignored explicit argument %r": "không nhận giá trị %r",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "không có lệnh %(parser_name)r (các lệnh: %(choices)s)",
    "unexpected option string: %s": "tùy chọn không mong đợi: %s",
    "option '%(option)s' is deprecated": "tùy chọn '%(option)s' sắp bị bỏ",
    "command '%(parser_name)s' is deprecated": "lệnh '%(parser_name)s' sắp bị bỏ",
    "argument '%(argument_name)s' is deprecated": "tham số '%(argument_name)s' sắp bị bỏ",
}


class _Vietnamese:
    """While active, argparse's messages are looked up in ARGPARSE_VI (English when missing)."""

    def __enter__(self):
        self.saved = argparse._, argparse.ngettext
        argparse._ = lambda text: ARGPARSE_VI.get(text, text)
        argparse.ngettext = lambda one, many, n: ARGPARSE_VI.get(one if n == 1 else many, one if n == 1 else many)

    def __exit__(self, *exc):
        argparse._, argparse.ngettext = self.saved


def _in_vietnamese(method):
    def wrapped(self, *args, **kwargs):
        with _Vietnamese():
            return method(self, *args, **kwargs)
    wrapped.__name__ = method.__name__
    return wrapped


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Vietnamese, its own strings included."""
    __init__ = _in_vietnamese(argparse.ArgumentParser.__init__)
    parse_args = _in_vietnamese(argparse.ArgumentParser.parse_args)
    parse_known_args = _in_vietnamese(argparse.ArgumentParser.parse_known_args)
    format_usage = _in_vietnamese(argparse.ArgumentParser.format_usage)
    format_help = _in_vietnamese(argparse.ArgumentParser.format_help)

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {message}\n")


def _year(text: str) -> int:
    """--year's type: a whole year, with a Vietnamese message otherwise."""
    if not text.strip().isdigit() or not 1900 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"phải là một năm (số nguyên), ví dụ 2023; nhận được «{text}»")
    return int(text)


def _period_ids(text: str) -> list[str]:
    """--period's type: one period id or a comma list of them, each checked (Vietnamese message)."""
    from .period import parse_id

    out = []
    for part in text.split(","):
        if not part.strip():
            continue
        try:
            out.append(parse_id(part.strip()).id)
        except ValueError as e:
            raise argparse.ArgumentTypeError(str(e)) from None
    if not out:
        raise argparse.ArgumentTypeError(f"cần ít nhất một mã kỳ báo cáo; nhận được «{text}»")
    return out


def _slugs(text: str) -> list[str]:
    """--unit's type: a slug or a comma list of them, each a valid slug (Vietnamese message)."""
    from .paths import UnsafeName, check_slug

    try:
        return [check_slug(part.strip()) for part in text.split(",") if part.strip()]
    except UnsafeName as e:
        raise argparse.ArgumentTypeError(str(e)) from None


class _ExtendFlat(argparse.Action):
    """`--x a,b --x c d`: one flat list ["a", "b", "c", "d"] (each value's type gives a list)."""

    def __call__(self, parser, namespace, values, option_string=None):
        items = list(getattr(namespace, self.dest, None) or [])
        for v in values:
            items += [x for x in v if x not in items]
        setattr(namespace, self.dest, items)


def _positive(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"phải là một số nguyên dương; nhận được «{text}»")
    return int(text)


class _VersionAction(argparse.Action):
    """`cchc --version`: the package version and the code digest (what the build's cache keys and
    the reports' provenance table name), computed only when asked."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        _utf8_stdout()
        print(version_text())
        parser.exit(0)


def version_text() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from .provenance import code_digest

    try:
        v = version("cchc")
    except PackageNotFoundError:  # running from a checkout that was never installed
        v = "chưa cài đặt"
    return f"cchc {v} (mã nguồn {code_digest()[:12]})"


_PERIOD_HELP = ("chỉ các kỳ báo cáo này (mã kỳ, nhắc lại hoặc cách nhau bằng dấu phẩy): 2024 (năm), 2024-6t, "
                "2024-9t, 2024-q1 … 2024-q4 (quý), 2024-08 (tháng), 2025-07-01_2025-10-31 (từ ngày đến ngày)")


def _selection(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", type=_period_ids, nargs="+", action=_ExtendFlat, metavar="KỲ", help=_PERIOD_HELP)
    p.add_argument("--year", type=_year, nargs="+", action="extend", metavar="NĂM",
                   help="chỉ các kỳ báo cáo của các năm này (mọi kỳ mang tên năm đó; cùng --period: kỳ thuộc "
                        "một trong hai)")
    p.add_argument("--unit", type=_slugs, nargs="+", action=_ExtendFlat, metavar="SLUG",
                   help="chỉ các đơn vị này (slug, ví dụ phuong-nguyen-nghiem; có thể cách nhau bằng dấu phẩy)")


_PROJECT_HELP = ("thư mục dự án (chứa tệp cchc-project.yaml); mặc định: tìm từ thư mục hiện tại "
                 "lên các thư mục cha")


def _project_option(p: argparse.ArgumentParser, default) -> None:
    p.add_argument("--project", metavar="THƯ_MỤC", default=default, help=_PROJECT_HELP)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cchc", description="Báo cáo cải cách hành chính (CCHC) của phường, xã.")
    parser.add_argument("--version", action=_VersionAction, help="in phiên bản và mã nguồn (code digest) rồi thoát")
    _project_option(parser, None)
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH", parser_class=_Parser)
    i = sub.add_parser("init", help="tạo một dự án báo cáo mới (tệp cài đặt, một đơn vị mẫu, hướng dẫn)",
                       description="Tạo dự án báo cáo CCHC mới trong THƯ_MỤC (chưa có hoặc đang trống): "
                                   "tệp cchc-project.yaml, danh sách đơn vị params/units.yaml với một đơn "
                                   "vị mẫu, tham số và sổ sách mẫu của đơn vị đó cho một năm, các tệp "
                                   "README.md hướng dẫn.")
    i.add_argument("dir", metavar="THƯ_MỤC", help="thư mục của dự án mới")
    i.add_argument("--year", type=int, metavar="NĂM", help="năm của báo cáo mẫu (mặc định: năm trước)")
    i.add_argument("--province", metavar="TỈNH", help="tên tỉnh, thành phố (mặc định: Quảng Ngãi)")
    # --project after the command too (`cchc build --project DIR`); SUPPRESS keeps the global value.
    v = sub.add_parser("validate", help="kiểm tra toàn bộ dữ liệu đầu vào trong params/ và data/",
                       description="Kiểm tra dữ liệu đầu vào của từng báo cáo (đơn vị, kỳ báo cáo); lỗi thì "
                                   "thoát với mã khác 0.")
    _project_option(v, argparse.SUPPRESS)
    _selection(v)
    b = sub.add_parser("build", help="dựng báo cáo HTML, PDF và mục lục output/index.html",
                       description="Chạy các notebook theo từng đơn vị, kỳ báo cáo, phần; ghép thành báo cáo "
                                   "HTML và PDF trong output/<kỳ>/<đơn vị>/. Chỉ chạy lại phần có đầu vào thay "
                                   "đổi.")
    _project_option(b, argparse.SUPPRESS)
    _selection(b)
    b.add_argument("--output", metavar="THƯ_MỤC",
                   help="nơi ghi báo cáo (mặc định: khóa output trong cchc-project.yaml, nếu không có "
                        "thì thư mục output/ của dự án)")
    b.add_argument("--section", nargs="+", action="extend", metavar="NN",
                   help="chỉ các phần này (số thứ tự notebook, ví dụ 03)")
    b.add_argument("--jobs", type=_positive, metavar="N", help="số việc chạy song song (mặc định: số lõi CPU)")
    b.add_argument("--force", action="store_true", help="chạy lại tất cả, bỏ qua bộ nhớ đệm")
    b.add_argument("--dry-run", action="store_true", help="chỉ in kế hoạch, không chạy")
    b.add_argument("--executor", default="local", metavar="TÊN", help="bộ thực thi (mặc định: local)")
    b.add_argument("--scheduler", metavar="ĐỊA_CHỈ",
                   help="với --executor dask: bộ lập lịch Dask có sẵn, ví dụ tcp://HOST:8786")
    b.add_argument("--engine", choices=ENGINE_CHOICES, default=None,
                   help="cách chạy notebook: fork (tách tiến trình từ mẫu đã nạp sẵn thư viện, nhanh; "
                        "chỉ trên Linux, mặc định ở đó) hoặc papermill (kernel Jupyter mới cho mỗi "
                        "notebook; mặc định trên hệ điều hành khác)")
    b.add_argument("--timeout", type=_positive, default=300, metavar="GIÂY", help="thời gian tối đa cho một ô")
    b.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến độ")
    _add_lab(sub)
    _add_new(sub)
    _add_import(sub)
    return parser


def use_project(args) -> str | None:
    """Find the project (`--project`, else `CCHC_ROOT`, else the marker from the working directory
    upward), check its settings and publish it as `CCHC_ROOT` (and `--output` as `CCHC_OUTPUT`), so
    every kernel, forked child and Dask worker the command starts uses the same folders whatever
    its working directory. Returns a Vietnamese error message, or None."""
    from . import paths
    from .project import ProjectError, read_settings

    if getattr(args, "project", None):
        root = Path(args.project).resolve()
        if not (root / paths.MARKER).is_file():
            return (f"{root} không phải thư mục dự án báo cáo CCHC (không có tệp {paths.MARKER}); "
                    "tạo dự án mới bằng «cchc init THƯ_MỤC».")
    elif os.environ.get("CCHC_ROOT"):
        root = Path(os.environ["CCHC_ROOT"]).resolve()
        if not root.is_dir():
            return f"CCHC_ROOT chỉ tới {root}, thư mục này không tồn tại."
    else:
        root = paths.find_project()
        if root is None:
            return paths.not_found_message()
    try:
        read_settings(root)
    except ProjectError as e:
        return f"tệp cài đặt dự án không dùng được: {e}"
    os.environ["CCHC_ROOT"] = str(root)
    if getattr(args, "output", None):
        os.environ["CCHC_OUTPUT"] = str(Path(args.output).resolve())
    return None


def init_cli(args) -> int:
    from .scaffold import ScaffoldError, scaffold

    _utf8_stdout()
    try:
        root = scaffold(Path(args.dir), year=args.year, province=args.province)
    except ScaffoldError as e:
        print(f"cchc init: {e}", file=sys.stderr)
        return 2
    print(f"Đã tạo dự án báo cáo CCHC trong {root}. Đọc {root / 'README.md'} để biết cần sửa gì; "
          f"sau đó: cd {root} && cchc validate && cchc build")
    return 0


_PROJECT_ENV = ("CCHC_ROOT", "CCHC_OUTPUT")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "init":
        return init_cli(args)
    saved = {k: os.environ.get(k) for k in _PROJECT_ENV}
    try:
        problem = use_project(args)
        if problem:
            _utf8_stdout()
            print(f"cchc {args.command}: {problem}", file=sys.stderr)
            return 2
        return _run(args)
    finally:  # an in-process caller (a test, a notebook) keeps its own environment
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _run(args) -> int:
    if args.command == "validate":
        return validate_cli(args)
    if args.command == "import":
        return import_cli(args)
    if args.command == "lab":
        return lab_cli(args)
    if args.command == "new":
        return new_cli(args)
    if args.command == "build":
        if args.scheduler and args.executor != "dask":
            print("cchc build: --scheduler chỉ dùng cùng --executor dask.", file=sys.stderr)
            return 2
        from .batch import BuildOptions, build, engines
        from .batch.errors import BuildBusy, BuildInterrupted, describe
        from .batch.plan import PlanError

        try:
            engine = engines.resolve(args.engine)
        except ValueError as e:
            print(f"cchc build: {e}", file=sys.stderr)
            return 2
        opts = BuildOptions(years=args.year, units=args.unit, periods=args.period, sections=args.section,
                            jobs=args.jobs,
                            force=args.force, dry_run=args.dry_run, executor=args.executor,
                            timeout=args.timeout, progress=not args.no_progress,
                            engine=engine,
                            executor_options={"scheduler": args.scheduler} if args.scheduler else {})
        _utf8_stdout()
        try:
            return build(opts)
        except (PlanError, ValueError) as e:
            print(f"cchc build: {e}", file=sys.stderr)
            return 2
        except BuildBusy as e:
            print(f"cchc build: {e}", file=sys.stderr)
            return BUSY
        except BuildInterrupted as e:  # the build stopped its workers and removed its staging
            print(f"cchc build: đã dừng theo yêu cầu ({e.name}); các báo cáo đã dựng xong vẫn giữ nguyên, "
                  "báo cáo đang dựng dở giữ bản trước.", file=sys.stderr)
            return e.exit_code
        except KeyboardInterrupt:  # before the build installed its own handlers, or after
            print("cchc build: đã dừng theo yêu cầu; các báo cáo đã dựng vẫn giữ nguyên.", file=sys.stderr)
            return 130
        except OSError as e:  # the output folder itself cannot be written (its lock, its staging)
            print(f"cchc build: {describe(e)}.", file=sys.stderr)
            return 1
        except Exception as e:  # noqa: BLE001 - no traceback reaches a ward analyst
            print(f"cchc build: lỗi nội bộ của chương trình (không phải do dữ liệu): {type(e).__name__}: {e}. "
                  "Xin báo lại cho nhóm phát triển kèm lệnh đã chạy.", file=sys.stderr)
            return 2
    return 2


BUSY = 3  # `cchc build`: another build holds the output folder


# ---- cchc lab ---------------------------------------------------------------------------------

def _add_import(sub) -> None:
    i = sub.add_parser("import", help="xem một tệp xuất (phần mềm một cửa, …) qua hồ sơ nhập: cột, giá trị, dòng bị "
                                      "từ chối; --write ghi sổ đã chuẩn hóa vào data/",
                       description="Đọc TỆP qua một hồ sơ nhập (params/profiles/) và in: nguồn của từng cột, các giá "
                                   "trị sau khi ánh xạ, giá trị chưa có trong hồ sơ nhập (kèm dòng cần thêm), các dòng "
                                   "bị từ chối và lý do. Không ghi gì trừ khi có --write và không còn lỗi: khi đó ghi "
                                   "sổ đã chuẩn hóa vào data/<năm>/<đơn vị>/<sổ>.csv (thay tệp cũ, ghi nguyên vẹn "
                                   "một lần).")
    i.add_argument("file", metavar="TỆP", help="tệp xuất .csv hoặc .xlsx")
    i.add_argument("--unit", required=True, metavar="ĐƠN_VỊ", help="slug của đơn vị trong params/units.yaml")
    i.add_argument("--profile", metavar="HỒ_SƠ_NHẬP",
                   help="tên hồ sơ nhập (tệp params/profiles/<tên>.yaml); mặc định: của đơn vị, hoặc nhận ra từ "
                        "dòng tiêu đề")
    i.add_argument("--register", metavar="SỔ", choices=("ho-so", "can-bo", "van-ban", "chi-so"),
                   help="sổ của tệp: ho-so, can-bo, van-ban, chi-so (mặc định: theo tên tệp, nếu không thì ho-so)")
    when = i.add_mutually_exclusive_group()
    when.add_argument("--year", type=_year, metavar="NĂM", help="năm của sổ (thư mục data/<năm>/) khi --write")
    when.add_argument("--period", metavar="MÃ_KỲ", help="hoặc mã kỳ báo cáo; ghi vào năm kết thúc kỳ")
    i.add_argument("--write", action="store_true", help="ghi sổ đã chuẩn hóa vào data/ khi không còn lỗi")
    _project_option(i, argparse.SUPPRESS)


def import_cli(args) -> int:
    from . import importing

    _utf8_stdout()
    year = args.year
    if args.period:
        from .params import report_period
        from .project import calendar

        try:
            year = report_period(args.period, args.unit, calendar()).end.year
        except ValueError as exc:
            print(f"cchc import: {exc}", file=sys.stderr)
            return 2
    return importing.run(Path(args.file), args.unit, args.profile, args.register, year, args.write)


def _add_lab(sub) -> None:
    sub.add_parser("lab", help="mở JupyterLab tại thư mục dự án (notebooks/, params/) với kernel cchc",
                   description="Mở JupyterLab tại thư mục dự án: notebooks/ để sửa các phần báo cáo, "
                               "params/ để sửa phần tường thuật; notebook chạy bằng kernel «Python 3 (cchc)».")


def lab_cli(args) -> int:
    """`cchc lab`: JupyterLab at the project root with the project's kernel (installed when missing)."""
    import subprocess

    from . import kernel, paths

    _utf8_stdout()
    if not kernel.installed():
        print(f"Cài kernel «{kernel.DISPLAY_NAME}» vào môi trường {sys.prefix} …", file=sys.stderr)
        kernel.install()
    try:
        return subprocess.call(kernel.lab_command(paths.project_root()))
    except KeyboardInterrupt:
        return 0


# ---- cchc new ---------------------------------------------------------------------------------

def _add_new(sub) -> None:
    n = sub.add_parser("new", help="tạo tham số báo cáo kỳ tiếp theo từ kỳ gần nhất (bản nháp cần rà soát)",
                       description="Tạo params/<kỳ>/<slug>.yaml từ tệp của kỳ cùng loại gần nhất (năm từ năm, "
                                   "quý từ quý, tháng từ tháng): năm, ngày ban hành và kỳ báo cáo chuyển sang kỳ "
                                   "mới; phần tường thuật giữ nguyên như bản nháp (draft: true) để rà soát. Không "
                                   "nêu --period hay --year: kỳ tiếp theo của báo cáo gần nhất của mỗi đơn vị. "
                                   "Không ghi đè tệp đã có.")
    which = n.add_mutually_exclusive_group()
    which.add_argument("--period", type=_period_ids, metavar="KỲ",
                       help="kỳ của báo cáo mới (mã kỳ: 2025, 2025-q1, 2025-6t, 2025-08, …)")
    which.add_argument("--year", type=_year, metavar="NĂM", help="năm của báo cáo năm mới (như --period NĂM)")
    n.add_argument("--unit", type=_slugs, nargs="+", action=_ExtendFlat, metavar="SLUG",
                   help="chỉ các đơn vị này (mặc định: mọi đơn vị đã có báo cáo cùng loại kỳ trước đó)")


def new_cli(args) -> int:
    """`cchc new`: 0 when every file was created, 1 when one was refused (exists, no earlier report)."""
    from .new_period import NewPeriodError, new_params

    _utf8_stdout()
    periods = args.period or ([str(args.year)] if args.year else [None])
    results = []
    try:
        for period in periods:
            results += new_params(period, args.unit)
    except NewPeriodError as e:
        print(f"cchc new: {e}", file=sys.stderr)
        return 1
    for r in results:
        print(r.message, file=sys.stdout if r.created else sys.stderr)
    created = sum(r.created for r in results)
    print(f"{created} tệp tham số mới, {len(results) - created} không tạo.")
    return 0 if results and created == len(results) else 1


# ---- cchc validate ---------------------------------------------------------------------------

def validate_cli(args) -> int:
    """`cchc validate`: print problems by unit-year, errors first; 1 on errors, 0 otherwise, 2 on a bug."""
    from . import load as loading
    from .problems import InputError
    from .units import read_units

    _utf8_stdout()
    try:
        years = getattr(args, "year", None)
        units = getattr(args, "unit", None)
        periods = getattr(args, "period", None)
        shared, groups = loading.validate_grouped(years, units, periods)
        context_units = {}
        try:
            context_units = read_units()[0]
        except Exception:  # noqa: BLE001 - naming is cosmetic
            pass
        if shared:
            errors = sum(p.is_error for p in shared)
            print(f"== Chung (danh sách đơn vị, hồ sơ nhập dữ liệu, phạm vi kiểm tra): {errors} lỗi, "
                  f"{len(shared) - errors} cảnh báo")
            for p in _errors_first(shared):
                print("  " + str(p))
        order = sorted(groups.items(), key=lambda kv: (not any(p.is_error for p in kv[1]), kv[0]))
        for (period, slug), problems in order:
            if not problems:
                continue
            errors = sum(p.is_error for p in problems)
            unit = context_units.get(slug)
            name = f"{unit.title_name} ({slug})" if unit else slug
            print(f"== {name}, {_period_name(period)}: {errors} lỗi, {len(problems) - errors} cảnh báo")
            for p in _errors_first(problems):
                print("  " + str(p))
        failed = sum(any(p.is_error for p in ps) for ps in groups.values())
        warnings = sum(not p.is_error for ps in groups.values() for p in ps) + sum(not p.is_error for p in shared)
        print(f"{len(groups)} báo cáo: {len(groups) - failed} hợp lệ, {failed} có lỗi, {warnings} cảnh báo"
              + (f"; phần chung có {sum(p.is_error for p in shared)} lỗi" if any(p.is_error for p in shared)
                 else ""))
        return 1 if failed or any(p.is_error for p in shared) else 0
    except InputError as exc:  # defensive: every reader reports through problems
        for p in exc.problems:
            print(str(p))
        return 1
    except Exception as exc:  # noqa: BLE001 - no traceback reaches a ward analyst
        print(f"Lỗi nội bộ của chương trình (không phải do dữ liệu): {type(exc).__name__}: {exc}. "
              "Xin báo lại cho nhóm phát triển kèm lệnh đã chạy.", file=sys.stderr)
        return 2


def _period_name(period: str) -> str:
    """"quý I năm 2024 (2024-q1)"; a year is just "năm 2024"."""
    from .period import parse_id

    try:
        p = parse_id(period)
    except ValueError:
        return str(period)
    return p.name if p.kind == "nam" else f"{p.name} ({p.id})"


def _errors_first(problems: list) -> list:
    return sorted(problems, key=lambda p: (not p.is_error,))  # stable: file order kept within severity


def _utf8_stdout() -> None:
    for stream in (sys.stdout, sys.stderr):
        enc = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if enc != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8")
            except (ValueError, OSError):
                pass


if __name__ == "__main__":
    sys.exit(main())
