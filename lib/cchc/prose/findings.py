"""Section III's findings derived from the data: sentences a ward official would write about the
weak spots the registers reveal (late dossiers, rates below their targets, vacant positions …)."""
from __future__ import annotations

from collections.abc import Mapping

from .. import fmt
from ..figures.staff import GROUP_NOUNS, StaffStructure
from ..figures.tthc import TthcSummary, on_time_rate
from ..model import Target

_TARGET_TEXT = {
    "intake_digitisation": "Tỷ lệ số hóa thành phần hồ sơ khi tiếp nhận",
    "result_digitisation": "Tỷ lệ số hóa kết quả giải quyết TTHC",
    "on_time": "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn",
    "online_share": "Tỷ lệ hồ sơ tiếp nhận trực tuyến",
}


def _below_target(key: str, num: int, den: int, target: Target | None, what: str) -> str | None:
    if target is None or den == 0:
        return None
    if fmt.exact(num) / den >= fmt.exact(target.value):
        return None
    return fmt.nfc(f"{_TARGET_TEXT[key]} đạt {fmt.percent(num, den)} ({fmt.number(num)}/{fmt.number(den)} {what}), "
                   f"thấp hơn chỉ tiêu {fmt.pct(fmt.exact(target.value) * 100)} tỉnh giao.")


def findings(tthc: TthcSummary, staff: StaffStructure, targets: Mapping[str, Target] | None = None,
             basis: str = "received") -> list[str]:
    """Weak spots the registers show, as section III sentences: late and overdue dossiers, rates
    below the province's targets (both figures given), vacant positions, staff not meeting the
    position standard, staff without political theory training, discipline."""
    targets = targets or {}
    t = tthc
    out: list[str] = []
    if t.resolved_late:
        out.append(f"Còn {fmt.count(t.resolved_late)} hồ sơ giải quyết quá hạn, chiếm "
                   f"{fmt.percent(t.resolved_late, t.resolved_total)} số hồ sơ đã giải quyết.")
    if t.pending_overdue:
        out.append(f"Có {fmt.count(t.pending_overdue)} hồ sơ đang giải quyết đã quá hạn.")
    num, den = on_time_rate(t, basis).pair
    for key, (n, d, what) in {
        "on_time": (num, den, "hồ sơ"),
        "intake_digitisation": (t.intake_digitised, t.intake_digitisation_base, "hồ sơ"),
        "result_digitisation": (t.result_digitised, t.result_digitisation_base, "hồ sơ"),
        "online_share": (t.received_online, t.received_total - t.carried_over, "hồ sơ tiếp nhận mới"),
    }.items():
        line = _below_target(key, n, d, targets.get(key), what)
        if line:
            out.append(line)

    for g in staff.groups.values():
        noun = GROUP_NOUNS[g.code]
        if g.vacant:
            out.append(f"Còn {fmt.count(g.vacant)} vị trí {noun} chưa được bố trí "
                       f"({fmt.fraction(g.filled, g.positions)} vị trí có người).")
        if g.code in ("can_bo", "cong_chuc") and g.filled and g.dat_chuan < g.filled:
            out.append(f"Còn {fmt.count(g.filled - g.dat_chuan)} {noun} chưa đảm bảo tiêu chuẩn chức danh theo quy định.")
        untrained = g.levels["ly_luan_chinh_tri"].get("chua_dao_tao", 0)
        if untrained and g.code in ("can_bo", "cong_chuc"):
            out.append(f"Còn {fmt.fraction(untrained, g.filled)} {noun} chưa qua đào tạo lý luận chính trị.")
    disciplined = sum(g.discipline for g in staff.groups.values())
    if disciplined:
        out.append(f"Có {fmt.count(disciplined)} cán bộ, công chức vi phạm và bị xem xét kỷ luật.")
    return [fmt.nfc(s) for s in out]
