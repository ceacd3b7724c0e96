"""views/settings.py (设置): targets saved and read back, bad values refused in Chinese."""

from __future__ import annotations

from unionstats.access import OBSERVER, Viewer
from unionstats.preferences import aliases, save_aliases, targets, welfare_standards
from unionstats.store import open_store


def save_button(app, label: str):
    return next(b for b in app.button if b.label == label)


def test_saving_a_target_changes_what_the_library_reads(sample_url, open_page):
    app = open_page("settings")
    assert app.number_input(key="target_membership_rate").value == 95.0
    app.number_input(key="target_membership_rate").set_value(97.5)
    app.number_input(key="target_award_rate").set_value(30.0)
    app = save_button(app, "保存目标").click().run()
    assert not app.exception and not app.error
    assert any(s.value == "目标已保存。" for s in app.success)
    saved = targets(open_store(sample_url))
    assert (saved["membership_rate"], saved["award_rate"], saved["dues_collection_rate"]) == (0.975, 0.3, 1.0)


def test_a_saved_target_reaches_the_compare_page(sample_url, open_page):
    app = open_page("settings")
    app.number_input(key="target_membership_rate").set_value(99.0)
    save_button(app, "保存目标").click().run()
    app.switch_page("views/compare.py").run()
    assert any("低于目标(99.0%)" in w.value for w in app.warning)  # not the cached 95%


def test_a_bad_target_is_refused_in_chinese(sample_url, open_page):
    app = open_page("settings")
    app.number_input(key="target_membership_rate").set_value(250.0)
    app = save_button(app, "保存目标").click().run()
    assert not app.exception
    assert [e.value for e in app.error] == ["入会率的目标应在0%到200%之间。"]
    assert targets(open_store(sample_url))["membership_rate"] == 0.95


def test_the_stored_rules_are_shown(sample_url, open_page):
    save_aliases(open_store(sample_url), [("会员统计", "会员人数", "在册会员")])
    app = open_page("settings")
    assert not app.exception
    standards = save_button(app, "保存慰问标准")
    assert standards is not None and welfare_standards(open_store(sample_url))["住院慰问"] == 1000
    shown = [d.value for d in app.dataframe]
    assert any("也可写作" in t.columns for t in shown) and any("关键词" in t.columns for t in shown)


def test_an_empty_store_can_be_set_up(empty_url, open_page):
    app = open_page("settings")
    assert not app.exception
    assert [b.label for b in app.button] == ["保存目标", "保存慰问标准", "保存别名", "保存类别规则"]


def test_an_observer_sees_the_settings_but_cannot_save(sample_url, open_page, monkeypatch):
    observer = Viewer(name="观察员", role=OBSERVER, units=None)
    for module in ("views.session", "views.common", "views.account"):
        monkeypatch.setattr(f"{module}.current_viewer", lambda: observer)
    app = open_page("settings")
    assert not app.exception
    assert any("只有管理员可以修改设置" in i.value for i in app.info)
    assert all(b.disabled for b in app.button if b.label.startswith("保存"))


def test_the_log_reads_as_sentences_and_the_rule_editors_ask_in_chinese(sample_url, open_page):
    app = open_page("settings")
    assert not app.exception
    log = next(d.value for d in app.dataframe if "内容" in d.value.columns)
    imports = log[log["操作"] == "导入"]["内容"].tolist()
    assert len(imports) == 19 and all(t.startswith("导入「") and "入库" in t and "批次 #" in t for t in imports)
    assert not any("batch:" in t or "kinds:" in t for t in log["内容"])
    assert app.selectbox(key="audit_span").value == "最近30天"
    # no alias saved yet: the editor holds one blank row to fill in (an empty editor writes
    # "empty" on its canvas), and saving it as it is stores nothing and refuses nothing
    app = save_button(app, "保存别名").click().run()
    assert not app.exception and not app.error
    assert aliases(open_store(sample_url)) == []
