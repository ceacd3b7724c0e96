"""unionstats.cli.units — ``units list | merge | undo-merge | merges``: the 单位名称对照 on the
command line (contract §6, issue 14), on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from tests.workbooks import xlsx
from unionstats.cli.main import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_merge_and_undo_merge(store_url, capsys, tmp_path):
    membership = tmp_path / "会员.xlsx"
    membership.write_bytes(
        xlsx(
            [
                ["单位名称", "年度", "职工人数", "会员人数", "上级工会"],
                ["恒达电子有限公司工会", "2023", 100, 90, "滨江街道总工会"],
                ["杭州恒达电子有限公司工会", "2024", 110, 100, "滨江街道总工会"],
            ]
        )
    )
    assert run(capsys, "import", str(membership), "--db", store_url)[0] == 0

    code, out, _ = run(capsys, "units", "list", "--db", store_url)
    assert code == 0
    assert out.splitlines() == [
        "恒达电子有限公司工会  上级:滨江街道总工会  1行",
        "杭州恒达电子有限公司工会  上级:滨江街道总工会  1行",
        "滨江街道总工会  0行",
        "「杭州恒达电子有限公司工会」可能就是「恒达电子有限公司工会」:"
        '如确认,运行 units merge "杭州恒达电子有限公司工会" "恒达电子有限公司工会" 合并(可撤销)。',
    ]

    code, out, _ = run(capsys, "units", "merge", "杭州恒达电子有限公司工会", "恒达电子有限公司工会", "--db", store_url)
    assert code == 0
    assert out.strip() == (
        "已把「杭州恒达电子有限公司工会」并入「恒达电子有限公司工会」:移动1行数据,"
        "「杭州恒达电子有限公司工会」记为「恒达电子有限公司工会」的别名(合并 #1,可撤销)。"
    )
    code, out, _ = run(capsys, "units", "list", "--json", "--db", store_url)
    listed = json.loads(out)
    assert listed[0] == {
        "unit": "恒达电子有限公司工会",
        "parent": "滨江街道总工会",
        "aliases": ["杭州恒达电子有限公司工会"],
        "rows": 2,
        "established": None,
    }
    assert [u["unit"] for u in listed] == ["恒达电子有限公司工会", "滨江街道总工会"]
    code, out, _ = run(capsys, "metrics", "--db", store_url, "--by", "unit")
    assert {r["unit"] for r in json.loads(out)} == {"恒达电子有限公司工会"}

    code, out, _ = run(capsys, "units", "merges", "--db", store_url)
    assert "#1" in out and "「杭州恒达电子有限公司工会」→「恒达电子有限公司工会」  1行  有效" in out

    code, out, _ = run(capsys, "units", "undo-merge", "1", "--db", store_url)
    assert code == 0 and out.strip() == "已撤销合并 #1:「杭州恒达电子有限公司工会」的数据已恢复为原来的名称。"
    code, out, _ = run(capsys, "units", "list", "--db", store_url)
    assert "杭州恒达电子有限公司工会  上级:滨江街道总工会  1行" in out
    code, out, err = run(capsys, "units", "undo-merge", "1", "--db", store_url)
    assert code == 1 and err.strip() == "错误:合并 #1 已经撤销过了。"


def test_an_empty_store_lists_no_unit_and_no_merge(store_url, capsys):
    assert run(capsys, "units", "list", "--db", store_url)[1].strip() == "还没有任何单位。"
    assert run(capsys, "units", "merges", "--db", store_url)[1].strip() == "还没有合并过单位。"
    assert json.loads(run(capsys, "units", "merges", "--json", "--db", store_url)[1]) == []
