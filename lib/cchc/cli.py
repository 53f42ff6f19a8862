"""The `cchc` command: `cchc validate`, `cchc build` (for now: validation only)."""
from __future__ import annotations

import argparse
import sys


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own wording stays, introduced in Vietnamese
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lệnh không hợp lệ: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cchc", description="Báo cáo cải cách hành chính (CCHC) của phường, xã.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH", parser_class=_Parser)
    for name, help_text in (("validate", "kiểm tra toàn bộ dữ liệu đầu vào trong params/ và data/"),
                            ("build", "dựng báo cáo (hiện tại: chỉ kiểm tra dữ liệu đầu vào)")):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--year", type=int, nargs="+", action="extend", metavar="NĂM", help="chỉ các năm này")
        p.add_argument("--unit", nargs="+", action="extend", metavar="SLUG",
                       help="chỉ các đơn vị này (slug, ví dụ phuong-nguyen-nghiem)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from .validate import main_validate

    if args.command in ("validate", "build"):
        return main_validate(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
