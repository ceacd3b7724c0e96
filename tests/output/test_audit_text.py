"""unionstats.output.audit_text: the audit log's entries as the Chinese sentences 设置 shows."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.workbooks import xlsx
from unionstats.access import ADMIN, Viewer
from unionstats.importer import import_bytes
from unionstats.output.audit_text import entry_sentence
from unionstats.store import audit, set_setting, undo_batch, users


@pytest.mark.parametrize(
    ("action", "detail", "sentence"),
    [
        (
            "import",
            {"batch": 17, "file": "会员.xlsx", "kinds": ["membership", "welfare"], "rows": 1234, "units": 20},
            "导入「会员.xlsx」(会员统计、帮扶慰问),入库1,234行,涉及20个单位,批次 #17。",
        ),
        (
            "import",
            {"batch": 18, "file": "慰问.xlsx", "kinds": ["welfare"], "rows": 3, "units": 1, "replaced": [4, 9]},
            "导入「慰问.xlsx」(帮扶慰问),入库3行,涉及1个单位,批次 #18;替换了批次 #4、#9。",
        ),
        ("undo", {"batch": 17}, "撤销批次 #17。"),
        ("undo", {"batch": 18, "restored": [4, 9]}, "撤销批次 #18,恢复了被它替换的批次 #4、#9。"),
        (
            "reidentify",
            {"batch": 19, "file": "慰问.xlsx", "kinds": ["welfare"], "rows": 3, "units": 1, "replaced": [18]},
            "按现行规则重新识别「慰问.xlsx」,入库3行,涉及1个单位,批次 #19 替换了批次 #18。",
        ),
        (
            "merge_units",
            {"merge": 3, "old": "杭州恒达电子有限公司工会", "new": "恒达电子有限公司工会", "rows": 12},
            "把单位名称「杭州恒达电子有限公司工会」并入「恒达电子有限公司工会」,12行数据改记在「恒达电子有限公司工会」名下(合并 #3)。",
        ),
        (
            "merge_units",
            {"merge": 4, "old": "恒达工会", "new": "恒达电子有限公司工会", "rows": 0},
            "把单位名称「恒达工会」并入「恒达电子有限公司工会」(合并 #4)。",
        ),
        (
            "undo_merge",
            {"merge": 3, "old": "杭州恒达电子有限公司工会", "new": "恒达电子有限公司工会"},
            "撤销合并 #3:「杭州恒达电子有限公司工会」恢复为单独的单位。",
        ),
        ("settings", {"key": "targets", "value": "{}"}, "修改了目标。"),
        ("settings", {"key": "welfare_category_rules", "value": "[]"}, "修改了慰问类别规则。"),
        ("export", {"what": "单位对比汇总表 2024年"}, "导出「单位对比汇总表 2024年」。"),
        ("login", None, "登录。"),
        ("login", {"source": "10.1.2.3"}, "登录(来自 10.1.2.3)。"),
        ("login_failed", {"reason": "password", "failures": 3}, "登录失败:密码不正确(此来源连续第3次)。"),
        (
            "login_failed",
            {"reason": "password", "failures": 3, "source": "unknown"},
            "登录失败(来源不明):密码不正确(此来源连续第3次)。",
        ),
        ("login_failed", {"reason": "locked", "source": "10.1.2.3"}, "登录失败(来自 10.1.2.3):输错次数过多,需等待片刻再试。"),
        ("logout", None, "退出登录。"),
        (
            "user_add",
            {"name": "华新", "role": "unit", "unit": "华新工会"},
            "新建用户「华新」,角色为基层工会,所属单位「华新工会」。",
        ),
        ("user_role", {"name": "华新", "role": "observer", "unit": None}, "把用户「华新」改为观察者。"),
        ("user_password", {"name": "华新"}, "重设了用户「华新」的密码。"),
        ("user_disable", {"name": "华新"}, "停用了用户「华新」。"),
        ("user_enable", {"name": "华新"}, "重新启用了用户「华新」。"),
    ],
)
def test_each_action_reads_as_a_sentence(action, detail, sentence):
    assert entry_sentence({"action": action, "detail": detail}) == sentence


def test_an_entry_from_another_version_is_written_out_plainly():
    assert entry_sentence({"action": "merge_units", "detail": {"from": "甲", "to": ["乙", "丙"]}}) == "from:甲;to:乙、丙"
    assert entry_sentence({"action": "import", "detail": {"batch": 3}}) == "batch:3"  # a detail lacking its file
    assert entry_sentence({"action": "logout", "detail": None}) == "退出登录。"


@pytest.mark.usefixtures("cheap_passwords")
def test_the_stored_entries_read_as_sentences(engine, monkeypatch):
    monkeypatch.setenv("UNIONSTATS_USER", "办公室小李")
    workbook = xlsx([["单位名称", "年度", "职工人数", "会员人数"], ["华新工会", 2024, 100, 90], ["东湖工会", 2024, 50, 45]])
    report, _ = import_bytes(engine, workbook, "会员.xlsx", today=dt.date(2024, 12, 31))
    undo_batch(engine, report["batch"], viewer=Viewer("张敏", ADMIN))
    set_setting(engine, "targets", {"membership_rate": 0.9}, viewer=Viewer("张敏", ADMIN))
    users.add_user(engine, "华新", "unit-pass-123", role="unit", unit="华新工会", by=Viewer("张敏", ADMIN))
    written = [entry_sentence(e) for e in reversed(audit.list_entries(engine))]
    assert written == [
        f"导入「会员.xlsx」(会员统计),入库2行,涉及2个单位,批次 #{report['batch']}。",
        f"撤销批次 #{report['batch']}。",
        "修改了目标。",
        "新建用户「华新」,角色为基层工会,所属单位「华新工会」。",
    ]
