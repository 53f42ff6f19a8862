"""The Table contract (lib/cchc/tables.py): a table survives its JSON round trip with its cell types
(int stays int, a rate stays a float fraction, None stays empty), and a malformed table is refused."""
import json

import pytest

from cchc.tables import Table, tables_from_json, tables_to_json

pytestmark = pytest.mark.fast


def _table(**changes):
    fields = dict(key="bieu-ii06a", title="Biểu II.06a", columns=["Chỉ tiêu", "Số hồ sơ", "Tỷ lệ"],
                  rows=[["Tiếp nhận", 3956, None], ["Đúng hạn", 3925, 0.996699]],
                  formats=["text", "int", "percent"], total_rows=1, note="Nguồn: sổ theo dõi.")
    fields.update(changes)
    return Table(**fields)


def test_json_round_trip_keeps_values_and_types():
    table = _table()
    text = tables_to_json([table])
    assert "Chỉ tiêu" in text  # Vietnamese kept as text, not \\u escapes
    (back,) = tables_from_json(text)
    assert back == table
    assert [type(c) for c in back.rows[1]] == [str, int, float]
    assert back.rows[0][2] is None
    assert json.loads(text)[0]["total_rows"] == 1


@pytest.mark.parametrize("changes, words", [
    (dict(formats=["text", "int"]), "3 cột nhưng 2 định dạng"),
    (dict(formats=["text", "int", "money"]), "định dạng không biết: money"),
    (dict(rows=[["Tiếp nhận", 1]]), "có dòng 2 ô"),
    (dict(total_rows=3), "3 dòng tổng trong 2 dòng"),
])
def test_malformed_table_is_refused_in_vietnamese(changes, words):
    with pytest.raises(ValueError, match=words):
        _table(**changes)
