"""设置: targets, welfare standards, column aliases, welfare category and activity type rules, the
单位名称对照 (units with their other spellings, merging two, undoing a merge), then the admin sections
(users, audit) of district mode.

Wiring only: ``unionstats.preferences`` reads, validates and stores every setting and
raises ``UsageError`` with a Chinese sentence for a bad row; the page shows that sentence.
Only the one-person mode or a viewer who may change settings can save.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from unionstats import preferences
from unionstats.errors import UnionStatsError
from unionstats.formatting import percent, when_text, yuan
from unionstats.rules.activities import STANDARD_TYPES
from unionstats.rules.columns import COLUMNS, KIND_LABELS
from unionstats.rules.metrics import METRICS, RATE
from unionstats.rules.targets import TARGETS
from unionstats.rules.welfare import WELFARE_STANDARDS
from unionstats.store.units import list_merges, list_units, look_alike_units, merge_units, undo_merge
from views.account import admin_sections
from views.common import CHOOSE, cached_targets, plain_markdown, show_error
from views.session import current_user_name, current_viewer, engine

RATES = [m for m in METRICS if m.value_unit == RATE]
SAVED_KEY = "settings_saved"  # the sentence to show after the rerun that follows a save
MERGE_KEY = "merge_pending"  # (old, new) waiting for 确认合并
MERGES_SHOWN = 20  # the newest merges listed with 撤销
RULES_NOTE = "新规则对之后导入的文件生效;已导入的数据不变,需要时在「数据导入」撤销该批次后重新导入。"


def may_change() -> bool:
    viewer = current_viewer()
    return viewer is None or viewer.can_change_settings


def saved(message: str) -> None:
    """Remember the confirmation and rerun, so every widget shows the stored values."""
    st.session_state[SAVED_KEY] = message
    st.rerun()


def targets_section() -> None:
    st.subheader("目标")
    st.caption("比率低于目标的单位在图表和单位对比中会被标出。单位为%;留空表示用默认目标(没有默认目标的比率不设目标)。")
    current = preferences.targets(engine())
    with st.form("targets_form"):
        columns = st.columns(3)
        wanted: dict[str, float | None] = {}
        for index, metric in enumerate(sorted(RATES, key=lambda m: m.id not in TARGETS)):
            default = TARGETS.get(metric.id)
            value = current.get(metric.id)
            entered = columns[index % 3].number_input(
                f"{metric.label}(%)",
                value=None if value is None else round(value * 100, 4),
                step=0.5,
                format="%.1f",
                key=f"target_{metric.id}",
                placeholder="不设目标" if default is None else f"默认 {percent(default)}",
                help=f"默认:{percent(default) if default is not None else '不设目标'}。{metric.label} = {metric.numerator} ÷ {metric.denominator}",
            )
            wanted[metric.id] = None if entered is None else entered / 100  # the store keeps fractions
        submitted = st.form_submit_button("保存目标", type="primary", disabled=not may_change())
    if submitted and may_change():  # the disabled button is not the only guard
        try:
            preferences.save_targets(engine(), wanted, viewer=current_viewer())
        except UnionStatsError as error:
            show_error(error)
            return
        cached_targets.clear()  # targets are cached by store version, which a setting does not change
        saved("目标已保存。")


def standards_section() -> None:
    st.subheader("慰问标准")
    st.caption("每人每年累计的上限(元);导入时超过标准的慰问会给出警告(仍然入库)。留空表示用默认标准。")
    current = preferences.welfare_standards(engine())
    table = pd.DataFrame(
        {
            "类别": list(preferences.STANDARD_CATEGORIES),
            "标准(元)": [current.get(c) for c in preferences.STANDARD_CATEGORIES],
            "默认标准": [
                yuan(WELFARE_STANDARDS[c]) if c in WELFARE_STANDARDS else "不设标准" for c in preferences.STANDARD_CATEGORIES
            ],
        }
    )
    with st.form("standards_form"):
        edited = st.data_editor(
            table,
            hide_index=True,
            width="stretch",
            height=38 + 35 * len(table),  # every category in view, no inner scrolling
            placeholder="按默认",
            disabled=["类别", "默认标准"] if may_change() else True,
            column_config={"标准(元)": st.column_config.NumberColumn("标准(元)", format="%.0f", step=50)},
            key="standards_editor",
        )
        submitted = st.form_submit_button("保存慰问标准", type="primary", disabled=not may_change())
    if submitted and may_change():  # the disabled button is not the only guard
        try:
            preferences.save_welfare_standards(
                engine(), dict(zip(edited["类别"], edited["标准(元)"], strict=True)), viewer=current_viewer()
            )
        except UnionStatsError as error:
            show_error(error)
            return
        saved(f"慰问标准已保存。{RULES_NOTE}")


def aliases_section() -> None:
    st.subheader("列名别名")
    st.caption("本地表格的列名系统认不出时,在这里告诉系统它对应哪一列,例如「在册会员」→ 会员统计的「会员人数」。")
    rows = [(KIND_LABELS[k], _column_name(k, f), a) for k, f, a in preferences.aliases(engine())]
    table = with_a_blank_row(pd.DataFrame(rows, columns=["数据类别", "标准列名", "别名"], dtype=object))
    names = list(dict.fromkeys(c.name for c in COLUMNS if c.dtype != "secret"))
    with st.form("aliases_form"):
        edited = st.data_editor(
            table,
            hide_index=True,
            width="stretch",
            num_rows="dynamic" if may_change() else "fixed",
            disabled=not may_change(),
            placeholder="请填写",
            column_config={
                # not required=True: the editor would write "Please fill out this cell" in English;
                # preferences.save_aliases names a missing cell in Chinese instead
                "数据类别": st.column_config.SelectboxColumn("数据类别", options=list(KIND_LABELS.values())),
                "标准列名": st.column_config.SelectboxColumn("标准列名", options=names),
                "别名": st.column_config.TextColumn("别名", help="表格中实际写的列名"),
            },
            key="aliases_editor",
        )
        submitted = st.form_submit_button("保存别名", type="primary", disabled=not may_change())
    if submitted and may_change():  # the disabled button is not the only guard
        try:
            preferences.save_aliases(
                engine(), edited[["数据类别", "标准列名", "别名"]].itertuples(index=False, name=None), viewer=current_viewer()
            )
        except UnionStatsError as error:
            show_error(error)
            return
        saved(f"列名别名已保存。{RULES_NOTE}")
    with st.expander("系统自带的列名和别名"):
        st.dataframe(
            pd.DataFrame(preferences.default_alias_rows(), columns=["数据类别", "标准列名", "也可写作"]),
            hide_index=True,
            width="stretch",
        )


def category_rules_section() -> None:
    keyword_rules_section(
        KeywordRules(
            title="慰问类别",
            caption="慰问事由按关键词归入标准类别,先试这里的规则,再试系统自带的规则;关键词之间用顿号分隔。",
            column="标准类别",
            choices=preferences.STANDARD_CATEGORIES,
            example="大病、重病",
            key="category_rules",
            read=preferences.category_rules,
            save=preferences.save_category_rules,
            defaults=preferences.default_category_rows,
        )
    )


def activity_type_rules_section() -> None:
    """§3.8: the user's activity type rules, tried before the built-in table."""
    keyword_rules_section(
        KeywordRules(
            title="活动类型",
            caption="活动的「类型」或活动名称按关键词归入标准类型,先试这里的规则,再试系统自带的规则;关键词之间用顿号分隔。",
            column="标准类型",
            choices=STANDARD_TYPES,
            example="送清凉、观影",
            key="activity_rules",
            read=preferences.activity_type_rules,
            save=preferences.save_activity_type_rules,
            defaults=preferences.default_activity_type_rows,
        )
    )


@dataclass(frozen=True)
class KeywordRules:
    """One table of the user's keyword rules (welfare categories, activity types) on this page."""

    title: str  # 慰问类别 → 慰问类别规则
    caption: str
    column: str  # the standard name's column: 标准类别 / 标准类型
    choices: Sequence[str]
    example: str  # the keywords' hint
    key: str  # the form's and editor's keys
    read: Callable[[Engine], list[tuple[str, tuple[str, ...]]]]
    save: Callable[..., None]
    defaults: Callable[[], list[tuple[str, str]]]


def keyword_rules_section(rules: KeywordRules) -> None:
    """The user's rules of ``rules`` in an editor (tried before the built-in ones), and the built-in ones."""
    st.subheader(f"{rules.title}规则")
    st.caption(rules.caption)
    rows = [(name, "、".join(words)) for name, words in rules.read(engine())]
    columns = [rules.column, "关键词"]
    table = with_a_blank_row(pd.DataFrame(rows, columns=columns, dtype=object))
    with st.form(f"{rules.key}_form"):
        edited = st.data_editor(
            table,
            hide_index=True,
            width="stretch",
            num_rows="dynamic" if may_change() else "fixed",
            disabled=not may_change(),
            placeholder="请填写",
            column_config={
                rules.column: st.column_config.SelectboxColumn(rules.column, options=list(rules.choices)),
                "关键词": st.column_config.TextColumn("关键词", help=f"例如:{rules.example}"),
            },
            key=f"{rules.key}_editor",
        )
        submitted = st.form_submit_button(f"保存{rules.title[-2:]}规则", type="primary", disabled=not may_change())
    if submitted and may_change():  # the disabled button is not the only guard
        try:
            rules.save(engine(), edited[columns].itertuples(index=False, name=None), viewer=current_viewer())
        except UnionStatsError as error:
            show_error(error)
            return
        saved(f"{rules.title}规则已保存。{RULES_NOTE}")
    with st.expander(f"系统自带的{rules.title[-2:]}规则(按顺序匹配,都不符合的归入「其他」)"):
        st.dataframe(pd.DataFrame(rules.defaults(), columns=columns), hide_index=True, width="stretch")


def unit_names_section() -> None:
    """单位名称对照: every unit with its other spellings; merge two names of one union; undo a merge."""
    st.subheader("单位名称对照")
    st.caption(
        "同一个工会在不同文件里可能写法不同(如带「杭州」前缀、「委员会」后缀或「(盖章)」)。"
        "把两个名称合并后,旧名称的全部数据改记在保留的名称下,旧名称记为它的其他写法,今后导入时自动按保留的名称入库;合并可以撤销。"
    )
    units = list_units(engine(), viewer=current_viewer())
    if units.empty:
        st.info("还没有单位。导入数据后,这里列出各单位和它们的其他写法。")
        return
    shown = pd.DataFrame(
        {
            "单位": units["unit"],
            "上级工会": units["parent"].fillna(""),
            "其他写法": units["aliases"].map("、".join),
            "数据行数": units["rows"],
            "是否建会": units["established"].map({True: "是", False: "否"}).fillna(""),
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", height=38 + 35 * min(len(shown), 10))
    look_alikes()
    merge_form(units["unit"].tolist())
    merge_history()


def look_alikes() -> None:
    """Units already stored under two spellings of one name: each offered for the merge below
    (asked first, like any merge), never merged by itself."""
    found = look_alike_units(engine(), viewer=current_viewer())
    if not found:
        return
    st.warning(f"有{len(found)}组单位名称很像同一个工会的不同写法,请核对后合并:")
    for index, suggestion in enumerate(found):
        question, action = st.columns([6, 1], vertical_alignment="center")
        question.markdown(plain_markdown(f"「{suggestion.name}」可能就是「{suggestion.known}」"))
        if action.button("合并…", key=f"look_alike_{index}", disabled=not may_change()):
            st.session_state[MERGE_KEY] = (suggestion.name, suggestion.known)


def merge_form(names: list[str]) -> None:
    """Two names, then a confirmation that says what will happen; nothing is merged before it."""
    with st.form("merge_form"):
        old_column, new_column = st.columns(2)
        old = old_column.selectbox(
            "要并入的名称(合并后成为其他写法)", names, index=None, placeholder=CHOOSE, key="merge_old", disabled=not may_change()
        )
        new = new_column.selectbox(
            "保留的名称", names, index=None, placeholder=CHOOSE, key="merge_new", disabled=not may_change()
        )
        asked = st.form_submit_button("合并", disabled=not may_change())
    if asked and may_change():
        if not old or not new:
            st.warning("请选择要并入的名称和保留的名称。")
        elif old == new:
            st.warning("两个名称相同,无需合并。")
        else:
            st.session_state[MERGE_KEY] = (old, new)
    pending = st.session_state.get(MERGE_KEY)
    if not pending or not may_change():
        return
    old, new = pending
    st.warning(
        plain_markdown(
            f"确定把「{old}」并入「{new}」吗?「{old}」的全部数据将改记在「{new}」名下,今后导入的「{old}」也按「{new}」入库。合并会记入操作日志,可以撤销。"
        )
    )
    yes, no, _ = st.columns([1, 1, 4])
    if yes.button("确认合并", type="primary", key="merge_yes"):
        st.session_state.pop(MERGE_KEY, None)
        try:
            result = merge_units(engine(), old, new, user=current_user_name(), viewer=current_viewer())
        except UnionStatsError as error:
            st.error(plain_markdown(error.message))
            return
        st.cache_data.clear()  # every page's figures follow the merged rows
        saved(result.message)
    if no.button("取消", key="merge_no"):
        st.session_state.pop(MERGE_KEY, None)
        st.rerun()


def merge_history() -> None:
    merges = list_merges(engine())
    if not merges:
        return
    st.markdown("**合并记录**")
    for merge in merges[:MERGES_SHOWN]:
        text, action = st.columns([6, 1], vertical_alignment="center")
        state = "有效" if merge["status"] == "active" else "已撤销"
        who = f" · {merge['created_by']}" if merge.get("created_by") else ""
        moved = f"{merge['rows']:,}行数据改记" if merge["rows"] else "合并时无已入库数据,仅记为其他写法"
        line = plain_markdown(
            f"#{merge['id']} 「{merge['old']}」并入「{merge['new']}」 · {moved} · {when_text(merge['created_at'])}{who} · {state}"
        )

        text.markdown(line if merge["status"] == "active" else f":gray[{line}]")
        if merge["status"] == "active" and may_change() and action.button("撤销", key=f"undo_merge_{merge['id']}"):
            try:
                said = undo_merge(engine(), merge["id"], user=current_user_name(), viewer=current_viewer())
            except UnionStatsError as error:
                st.error(plain_markdown(error.message))
                return
            st.cache_data.clear()
            saved(said)
    if len(merges) > MERGES_SHOWN:
        st.caption(f"只列出最近{MERGES_SHOWN}次合并,共{len(merges)}次;命令行 units list 可查看全部单位名称对照。")


def with_a_blank_row(table: pd.DataFrame) -> pd.DataFrame:
    """An editor's rows, one blank row when there are none: an empty editor writes "empty" in
    English on its canvas. Wholly blank rows are skipped when saved (unionstats.preferences)."""
    return table if not table.empty else pd.DataFrame([[None] * len(table.columns)], columns=table.columns, dtype=object)


def _column_name(kind: str, field: str) -> str:
    return next((c.name for c in COLUMNS if c.kind == kind and c.field == field), field)


st.title("设置")
notice = st.session_state.pop(SAVED_KEY, None)
if notice:
    st.success(plain_markdown(notice))  # a merge names units
if not may_change():
    st.info("只有管理员可以修改设置,您可以查看当前的设置。")
try:
    targets_section()
    st.divider()
    standards_section()
    st.divider()
    aliases_section()
    st.divider()
    category_rules_section()
    st.divider()
    activity_type_rules_section()
    st.divider()
    unit_names_section()
except UnionStatsError as error:
    show_error(error)
st.divider()
admin_sections()
