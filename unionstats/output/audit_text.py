"""The audit log in words: each entry of ``unionstats.store.audit`` as one Chinese sentence for 设置.

The log keeps what happened as data (``{"batch": 17, "file": "会员.xlsx", "kinds": [...]}``);
this module writes it the way an office would note it: 导入「会员.xlsx」(会员统计),入库96行,
涉及20个单位,批次 #17。 One small function per action, its wording beside it. An entry this
module does not know (an action or a detail written by a newer version) is written out plainly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from unionstats.access import ROLE_LABELS
from unionstats.rules.columns import KIND_LABELS
from unionstats.store.settings import (
    ACTIVITY_RULES_SETTING,
    ALIASES_SETTING,
    CATEGORY_RULES_SETTING,
    STANDARDS_SETTING,
    TARGETS_SETTING,
)

# the settings of 设置 by their stored key
SETTING_NAMES: dict[str, str] = {
    TARGETS_SETTING: "目标",
    STANDARDS_SETTING: "慰问标准",
    ALIASES_SETTING: "列名别名",
    CATEGORY_RULES_SETTING: "慰问类别规则",
    ACTIVITY_RULES_SETTING: "活动类型规则",
}
# why a sign-in was refused (unionstats.store.users.authenticate)
REFUSALS: dict[str, str] = {
    "unknown_user": "用户名不存在",
    "disabled": "账号已停用",
    "locked": "输错次数过多,需等待片刻再试",
    "password": "密码不正确",
}


def _batches(numbers: Any) -> str:
    items = numbers if isinstance(numbers, list | tuple) else [numbers]
    return "、".join(f"#{n}" for n in items)


def _imported(d: Mapping) -> str:
    kinds = "、".join(KIND_LABELS.get(k, str(k)) for k in d.get("kinds") or [])
    text = f"导入「{d['file']}」" + (f"({kinds})" if kinds else "")
    text += f",入库{d['rows']:,}行,涉及{d['units']:,}个单位,批次 {_batches(d['batch'])}"
    if d.get("replaced"):
        text += f";替换了批次 {_batches(d['replaced'])}"
    return text + "。"


def _undone(d: Mapping) -> str:
    if d.get("restored"):
        return f"撤销批次 {_batches(d['batch'])},恢复了被它替换的批次 {_batches(d['restored'])}。"
    return f"撤销批次 {_batches(d['batch'])}。"


def _reidentified(d: Mapping) -> str:
    return (
        f"按现行规则重新识别「{d['file']}」,入库{d['rows']:,}行,涉及{d['units']:,}个单位,"
        f"批次 {_batches(d['batch'])} 替换了批次 {_batches(d['replaced'])}。"
    )


def _merged(d: Mapping) -> str:
    moved = f",{d['rows']:,}行数据改记在「{d['new']}」名下" if d.get("rows") else ""
    return f"把单位名称「{d['old']}」并入「{d['new']}」{moved}(合并 #{d['merge']})。"


def _settings(d: Mapping) -> str:
    return f"修改了{SETTING_NAMES[d['key']]}。" if d.get("key") in SETTING_NAMES else f"修改了设置「{d['key']}」。"


def _exported(d: Mapping) -> str:
    return f"导出「{d['what']}」。"


def _source(d: Mapping) -> str:
    """Where a sign-in came from (the client's address; "unknown" when not known)."""
    source = d.get("source")
    if not source:
        return ""
    return "(来源不明)" if source == "unknown" else f"(来自 {source})"


def _login_failed(d: Mapping) -> str:
    reason = REFUSALS.get(d.get("reason"), str(d.get("reason")))
    if d.get("failures"):
        reason += f"(此来源连续第{d['failures']}次)"
    return f"登录失败{_source(d)}:{reason}。"


def _with_role(d: Mapping) -> str:
    role = ROLE_LABELS.get(d.get("role"), str(d.get("role")))
    return f"角色为{role}" + (f",所属单位「{d['unit']}」" if d.get("unit") else "")


SENTENCES: dict[str, Callable[[Mapping], str]] = {
    "import": _imported,
    "undo": _undone,
    "reidentify": _reidentified,
    "merge_units": _merged,
    "undo_merge": lambda d: f"撤销合并 #{d['merge']}:「{d['old']}」恢复为单独的单位。",
    "settings": _settings,
    "export": _exported,
    "login": lambda d: f"登录{_source(d)}。",
    "login_failed": _login_failed,
    "logout": lambda d: "退出登录。",
    "user_add": lambda d: f"新建用户「{d['name']}」,{_with_role(d)}。",
    "user_password": lambda d: f"重设了用户「{d['name']}」的密码。",
    "user_role": lambda d: f"把用户「{d['name']}」改为{_with_role(d).removeprefix('角色为')}。",
    "user_disable": lambda d: f"停用了用户「{d['name']}」。",
    "user_enable": lambda d: f"重新启用了用户「{d['name']}」。",
}


def entry_sentence(entry: Mapping) -> str:
    """One audit entry (``store.audit.list_entries``) as a Chinese sentence; an entry of an
    unknown action, or whose detail lacks what its sentence needs, as its detail written out."""
    detail = entry.get("detail")
    sentence = SENTENCES.get(entry.get("action"))
    if sentence is not None:
        try:
            return sentence(detail if isinstance(detail, Mapping) else {})
        except (KeyError, TypeError, ValueError):
            pass  # a detail from another version: written out below
    return _plain(detail)


def _plain(detail: Any) -> str:
    if detail is None:
        return ""
    if isinstance(detail, Mapping):
        return ";".join(f"{key}:{_plain(value)}" for key, value in detail.items())
    if isinstance(detail, list | tuple):
        return "、".join(_plain(value) for value in detail)
    return str(detail)
