"""views/settings.py (设置): targets saved and read back, bad values refused in Chinese; 单位名称对照's
merge and its undo."""

from __future__ import annotations

from tests.views.streamlit_markdown import shown_text
from tests.workbooks import xlsx
from unionstats.access import OBSERVER, Viewer
from unionstats.importer import SAMPLE_DIR, TABLE_SUFFIXES, import_bytes
from unionstats.metrics.compute import compute_metrics
from unionstats.preferences import (
    activity_type_rules,
    aliases,
    save_activity_type_rules,
    save_aliases,
    targets,
    welfare_standards,
)
from unionstats.store import open_store
from unionstats.store.units import list_merges

# every file the sample writes (20 with the activities of §3.8) is one batch
SAMPLE_FILES = sum(p.suffix.lower() in TABLE_SUFFIXES for p in SAMPLE_DIR.iterdir())


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
    assert [shown_text(e.value) for e in app.error] == ["入会率的目标应在0%到200%之间。"]
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
    assert [b.label for b in app.button] == ["保存目标", "保存慰问标准", "保存别名", "保存类别规则", "保存类型规则"]


def test_the_activity_type_rules_are_shown_beside_the_built_in_ones(empty_url, open_page):
    save_activity_type_rules(open_store(empty_url), [("关爱服务", "送清凉、观影")])
    app = open_page("settings")
    assert not app.exception
    assert "活动类型规则" in [s.value for s in app.subheader]
    tables = [d.value for d in app.dataframe if "标准类型" in d.value.columns]
    editor, built_in = tables  # the user's rules (editable), then the built-in ones
    assert editor.values.tolist() == [["关爱服务", "送清凉、观影"]]
    assert built_in["标准类型"].tolist() == ["培训", "文体活动", "宣传教育", "志愿服务", "关爱服务"]
    assert activity_type_rules(open_store(empty_url)) == [("关爱服务", ("送清凉", "观影"))]


def test_an_observer_sees_the_settings_but_cannot_save(sample_url, open_page, monkeypatch):
    observer = Viewer(name="观察员", role=OBSERVER, units=None)
    for module in ("views.session", "views.common", "views.account"):
        monkeypatch.setattr(f"{module}.current_viewer", lambda: observer)
    app = open_page("settings")
    assert not app.exception
    assert any("只有管理员可以修改设置" in i.value for i in app.info)
    assert all(b.disabled for b in app.button if b.label.startswith("保存"))
    assert next(b for b in app.button if b.label == "合并").disabled  # nor merge unit names
    assert app.selectbox(key="merge_old").disabled


def test_the_log_reads_as_sentences_and_the_rule_editors_ask_in_chinese(sample_url, open_page):
    app = open_page("settings")
    assert not app.exception
    log = next(d.value for d in app.dataframe if "内容" in d.value.columns)
    imports = log[log["操作"] == "导入"]["内容"].tolist()
    assert len(imports) == SAMPLE_FILES and all(t.startswith("导入「") and "入库" in t and "批次 #" in t for t in imports)
    assert not any("batch:" in t or "kinds:" in t for t in log["内容"])
    assert app.selectbox(key="audit_span").value == "最近30天"
    # no alias saved yet: the editor holds one blank row to fill in (an empty editor writes
    # "empty" on its canvas), and saving it as it is stores nothing and refuses nothing
    app = save_button(app, "保存别名").click().run()
    assert not app.exception and not app.error
    assert aliases(open_store(sample_url)) == []


def test_two_spellings_of_one_union_are_merged_after_a_confirmation_and_the_merge_undone(sample_url, open_page):
    engine = open_store(sample_url)
    rows = [["单位名称", "年度", "职工人数", "会员人数"], ["杭州华新机械有限公司工会", "2025", 300, 290]]
    report, _ = import_bytes(engine, xlsx(rows), "华新2025.xlsx")
    assert report["status"] == "imported"
    app = open_page("settings")
    names = next(d.value for d in app.dataframe if "其他写法" in d.value.columns)
    assert {"华新机械有限公司工会", "杭州华新机械有限公司工会"} <= set(names["单位"])

    # offered as a look-alike pair; the form below does the same
    assert any(shown_text(m.value) == "「杭州华新机械有限公司工会」可能就是「华新机械有限公司工会」" for m in app.markdown)
    app.selectbox(key="merge_old").set_value("杭州华新机械有限公司工会")
    app.selectbox(key="merge_new").set_value("华新机械有限公司工会")
    app = save_button(app, "合并").click().run()
    assert not app.exception
    assert any("确定把「杭州华新机械有限公司工会」并入「华新机械有限公司工会」" in shown_text(w.value) for w in app.warning)
    assert "杭州华新机械有限公司工会" in set(compute_metrics(engine, by="unit", years=("2025", "2025"))["unit"])  # not yet

    app = app.button(key="merge_yes").click().run()
    assert not app.exception
    assert any("已把「杭州华新机械有限公司工会」并入「华新机械有限公司工会」" in shown_text(s.value) for s in app.success)
    assert set(compute_metrics(engine, by="unit", years=("2025", "2025"))["unit"]) == {"华新机械有限公司工会"}
    names = next(d.value for d in app.dataframe if "其他写法" in d.value.columns).set_index("单位")
    assert names.loc["华新机械有限公司工会", "其他写法"] == "杭州华新机械有限公司工会"
    assert "杭州华新机械有限公司工会" not in names.index
    merge = list_merges(engine)[0]
    assert (merge["old"], merge["new"], merge["status"]) == ("杭州华新机械有限公司工会", "华新机械有限公司工会", "active")

    app = app.button(key=f"undo_merge_{merge['id']}").click().run()
    assert not app.exception
    assert any(f"已撤销合并 #{merge['id']}" in shown_text(s.value) for s in app.success)
    assert "杭州华新机械有限公司工会" in set(compute_metrics(engine, by="unit", years=("2025", "2025"))["unit"])
    assert list_merges(engine)[0]["status"] == "undone"
    assert f"undo_merge_{merge['id']}" not in [b.key for b in app.button]


def test_a_merge_of_a_name_with_itself_is_refused_and_nothing_changes(sample_url, open_page):
    app = open_page("settings")
    app.selectbox(key="merge_old").set_value("华新机械有限公司工会")
    app.selectbox(key="merge_new").set_value("华新机械有限公司工会")
    app = save_button(app, "合并").click().run()
    assert any(w.value == "两个名称相同,无需合并。" for w in app.warning)
    assert list_merges(open_store(sample_url)) == []


def test_a_look_alike_pair_is_merged_from_its_offer_after_the_confirmation(sample_url, open_page):
    engine = open_store(sample_url)
    rows = [["单位名称", "年度", "职工人数", "会员人数"], ["杭州华新机械有限公司工会", "2025", 300, 290]]
    assert import_bytes(engine, xlsx(rows), "华新2025.xlsx")[0]["status"] == "imported"
    app = open_page("settings")
    assert any("很像同一个工会的不同写法" in w.value for w in app.warning)
    app = app.button(key="look_alike_0").click().run()
    assert any("确定把「杭州华新机械有限公司工会」并入「华新机械有限公司工会」" in shown_text(w.value) for w in app.warning)
    assert list_merges(engine) == []  # asked, not done
    app = app.button(key="merge_yes").click().run()
    assert not app.exception
    assert [(m["old"], m["new"]) for m in list_merges(engine)] == [("杭州华新机械有限公司工会", "华新机械有限公司工会")]
    assert not any("很像同一个工会的不同写法" in w.value for w in app.warning)
