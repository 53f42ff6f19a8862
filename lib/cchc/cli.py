"""The `cchc` command: `cchc validate` and `cchc build`."""
from __future__ import annotations

import argparse
import sys


# --engine choices; cchc.batch.engines maps them to papermill engines and picks the default
# (fork on Linux only), imported only by `cchc build` so that `cchc validate` stays light.
ENGINE_CHOICES = ("fork", "papermill")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own wording stays, introduced in Vietnamese
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lệnh không hợp lệ: {message}\n")


def _selection(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, nargs="+", action="extend", metavar="NĂM", help="chỉ các năm này")
    p.add_argument("--unit", nargs="+", action="extend", metavar="SLUG",
                   help="chỉ các đơn vị này (slug, ví dụ phuong-nguyen-nghiem)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cchc", description="Báo cáo cải cách hành chính (CCHC) của phường, xã.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH", parser_class=_Parser)
    v = sub.add_parser("validate", help="kiểm tra toàn bộ dữ liệu đầu vào trong params/ và data/",
                       description="Kiểm tra dữ liệu đầu vào; lỗi thì thoát với mã khác 0.")
    _selection(v)
    b = sub.add_parser("build", help="dựng báo cáo HTML, PDF và mục lục output/index.html",
                       description="Chạy các notebook theo từng đơn vị, năm, phần; ghép thành báo cáo "
                                   "HTML và PDF. Chỉ chạy lại phần có đầu vào thay đổi.")
    _selection(b)
    b.add_argument("--section", nargs="+", action="extend", metavar="NN",
                   help="chỉ các phần này (số thứ tự notebook, ví dụ 03)")
    b.add_argument("--jobs", type=int, metavar="N", help="số việc chạy song song (mặc định: số lõi CPU)")
    b.add_argument("--force", action="store_true", help="chạy lại tất cả, bỏ qua bộ nhớ đệm")
    b.add_argument("--dry-run", action="store_true", help="chỉ in kế hoạch, không chạy")
    b.add_argument("--executor", default="local", metavar="TÊN", help="bộ thực thi (mặc định: local)")
    b.add_argument("--scheduler", metavar="ĐỊA_CHỈ",
                   help="với --executor dask: bộ lập lịch Dask có sẵn, ví dụ tcp://HOST:8786")
    b.add_argument("--engine", choices=ENGINE_CHOICES, default=None,
                   help="cách chạy notebook: fork (tách tiến trình từ mẫu đã nạp sẵn thư viện, nhanh; "
                        "chỉ trên Linux, mặc định ở đó) hoặc papermill (kernel Jupyter mới cho mỗi "
                        "notebook; mặc định trên hệ điều hành khác)")
    b.add_argument("--timeout", type=int, default=300, metavar="GIÂY", help="thời gian tối đa cho một ô")
    b.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến độ")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "validate":
        from .validate import main_validate
        return main_validate(args)
    if args.command == "build":
        if args.scheduler and args.executor != "dask":
            print("cchc build: --scheduler chỉ dùng cùng --executor dask.", file=sys.stderr)
            return 2
        from .batch import BuildOptions, build, engines
        from .batch.plan import PlanError

        try:
            engine = engines.resolve(args.engine)
        except ValueError as e:
            print(f"cchc build: {e}", file=sys.stderr)
            return 2
        opts = BuildOptions(years=args.year, units=args.unit, sections=args.section, jobs=args.jobs,
                            force=args.force, dry_run=args.dry_run, executor=args.executor,
                            timeout=args.timeout, progress=not args.no_progress,
                            engine=engine,
                            executor_options={"scheduler": args.scheduler} if args.scheduler else {})
        try:
            return build(opts)
        except (PlanError, ValueError) as e:
            print(f"cchc build: {e}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print("cchc build: đã dừng theo yêu cầu; các báo cáo đã dựng vẫn giữ nguyên.", file=sys.stderr)
            return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
