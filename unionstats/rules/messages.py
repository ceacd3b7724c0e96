"""What the import says about a row or a sheet: one Chinese template per problem (contract §2).

Each row is (key, code, template). ``key`` names the sentence; ``code`` is the stable
problem id the import report, the rejected-rows download and the CLI's ``--json`` carry
(several sentences may share one, e.g. a required and an optional 不是数字); ``template``
has {placeholders}: {row} is the Excel row, {label} the header as written, {value} the
cell as written. Texts follow the contract's example: 第12行「实缴金额」不是数字:"暂缺".
"""

from __future__ import annotations

import string
from typing import NamedTuple


class Message(NamedTuple):
    key: str
    code: str  # "" where the caller names the code (one sentence, several checks)
    template: str


MESSAGES: tuple[Message, ...] = (
    # §2: figures — a bad or missing required cell rejects the row, an optional one is left empty
    Message("not_a_number", "not_a_number", '第{row}行「{label}」不是数字:"{value}"'),
    Message("not_a_number_blanked", "not_a_number", '第{row}行「{label}」不是数字:"{value}",按空值处理'),
    Message("too_large", "too_large", '第{row}行「{label}」数值过大:"{value}"'),
    Message("too_large_blanked", "too_large", '第{row}行「{label}」数值过大:"{value}",按空值处理'),
    Message("not_an_integer", "not_an_integer", '第{row}行「{label}」不是整数:"{value}"'),
    Message("missing_value", "missing_value", "第{row}行「{label}」为空"),
    # §2: a negative count is rejected, a negative amount stored (a 红字冲销) with a warning
    Message("negative_count", "negative_count", "第{row}行「{label}」为负数:{value},人数不能为负"),
    Message("negative_amount", "negative_amount", "第{row}行「{label}」为负数:{value},按红字冲销入库"),
    # §1 periods; {what} is 年度或月份 or 日期
    Message("bad_period", "bad_period", '第{row}行「{label}」不是有效的{what}:"{value}"'),
    Message("bad_period_blanked", "bad_period", '第{row}行「{label}」不是有效的{what}:"{value}",按空值处理'),
    Message("future_period", "future_period", "第{row}行「{label}」{value}晚于今天,请核对"),
    # §3 yes*: every row needs a unit; district mode: only the account's own units
    Message("missing_unit", "missing_unit", "第{row}行「{label}」为空"),
    Message(
        "no_unit_column",
        "missing_unit",
        "第{row}行缺少单位:表中没有「单位」列,请在上传时填写所属单位,或在表头上方注明「填报单位:…」",
    ),
    # §1: a "name" with no letter or Chinese character (11, 1, the form's example row) is no unit
    Message(
        "unit_without_letters",
        "unit_without_letters",
        '第{row}行「{label}」"{value}"不是单位名称(没有文字),可能是表格自带的示例行,未导入',
    ),
    Message("outside_scope", "outside_scope", "第{row}行的单位「{value}」不在本账号的范围内:只能导入本单位及下属单位的数据"),
    # issue 17: a unit account never changes the unit tree (上级工会) nor opens a year with a registry
    Message(
        "parent_changed",
        "parent_change",
        "第{row}行「{label}」为「{given}」,与「{unit}」现在的上级工会「{parent}」不同:"
        "本账号不能更改单位的上级工会,请改为「{parent}」或删去该列;如需调整,请联系区总工会管理员",
    ),
    Message(
        "parent_added",
        "parent_change",
        "第{row}行「{label}」为「{given}」,而「{unit}」目前没有上级工会:"
        "本账号不能设定单位的上级工会,请删去该列;如需设定,请联系区总工会管理员",
    ),
    Message(
        "registry_year_new",
        "registry_year_new",
        "第{row}行单位信息的「{label}」为{value}年,库中还没有该年度的数据:本账号导入的单位信息不能新开一个年度,"
        "请先导入该年度的会员统计或经费收缴等数据,或请区总工会管理员导入",
    ),
    # §2 warnings: one figure larger than another it should not exceed (codes in rules.columns / rules.dues)
    Message("greater", "", "第{row}行「{big}」({big_value})大于「{small}」({small_value}),请核对"),
    Message("greater_times", "", "第{row}行「{big}」({big_value})大于「{small}」({small_value})的{factor}倍,请核对"),
    # §2: the later of two rows with the same key wins
    Message(
        "duplicate_key", "duplicate_key", "第{row}行与第{later}行的{what}相同,以第{later}行为准(第{row}行留作历史,不计入统计)"
    ),
    # issue 13: rows of one unit and period that differ by 分会/车间 … are summed into one row
    Message(
        "sub_unit_partial",
        "sub_unit_partial",
        "第{row}行起{unit}的{parts}个{sub}中只有部分填写了「{label}」,合计后该项按空值处理,请补齐",
    ),
    # §1: a 合计/小计 row that does not add up
    Message("total_mismatch", "total_mismatch", "第{row}行合计行「{label}」为{total},与上方明细之和{expected}不符,请核对"),
    # §3.2 dues
    Message("unknown_fund_type", "unknown_fund_type", '第{row}行「{label}」无法识别:"{value}",应为工会经费或会费'),
    Message("due_not_derivable", "missing_value", "第{row}行「{label}」为空,也无法由工资总额推算"),
    # §3.3 welfare standards
    Message("over_standard", "over_standard", "第{row}行{category}每人{per_person}元,超过标准{standard}元"),
    Message("over_standard_this_year", "over_standard", "第{row}行{recipient}本年{category}累计{total}元,超过标准{standard}元"),
    # §3.4 competitions
    Message("unknown_award", "unknown_award", '第{row}行「{label}」"{value}"无法归入一至三等奖,按优秀奖统计'),
    Message("unknown_level", "unknown_level", '第{row}行「{label}」"{value}"无法识别,级别按空值处理'),
    # §3.5 units
    Message("not_yes_no", "not_yes_no", '第{row}行「{label}」无法识别为是或否:"{value}",按空值处理'),
    # §3.6 finance
    Message(
        "unknown_account",
        "unknown_account",
        '第{row}行「{label}」"{value}"无法识别,也无法判断是收入还是支出,请填写科目编码或「收支类型」',
    ),
    Message("unlisted_account", "unlisted_account", '第{row}行「{label}」"{value}"不在工会会计科目表中,按所填收支类型入库'),
    Message(
        "balance_mismatch",
        "balance_mismatch",
        "第{row}行{name}{closing}元,与{formula}={expected}元不符,请核对",
    ),
    Message(
        "sub_accounts_mismatch",
        "sub_accounts_mismatch",
        "第{row}行{account}为{total}元,与其明细科目之和{expected}元不符,请核对",
    ),
    # §1: never silently — columns kept but not counted
    Message(
        "second_table",
        "second_table",
        "本表第{column_number}列起还有一张{kind}表,没有统计;请把它移到单独的工作表后重新上传",
    ),
    # §1: a yearbook's table read turned round names the indicator rows it does not count, once
    Message("indicators_skipped", "indicators_skipped", "以下指标行不属于可统计的内容,已原样保存但没有统计:{names}"),
    Message(
        "unused_columns",
        "unused_columns",
        "本表按{kind}读取,{columns}等列属于其他类别,已原样保存但没有统计;如需统计,请把这些列放到单独的工作表",
    ),
    # §3.7 会员名册: the ID's check digit, sex and birth date; one person twice; a status not known
    Message(
        "roster_bad_id",
        "roster_bad_id",
        '第{row}行「{label}」不是有效的18位身份证号(校验位不符或位数不对),不计入实名制录入人数:"{value}"',
    ),
    Message("roster_sex_mismatch", "roster_id_mismatch", "第{row}行「{label}」为{sex},与身份证号显示的性别({id_sex})不符,请核对"),
    Message("roster_birth_mismatch", "roster_id_mismatch", "第{row}行「{label}」{value}与身份证号中的出生日期不符,请核对"),
    Message("roster_same_person", "roster_same_person", "第{row}行与第{first}行是同一人(身份证号相同),同一单位出现两次,请核对"),
    Message("roster_unknown_status", "roster_unknown_status", '第{row}行「{label}」无法识别:"{value}",按在册处理'),
    Message("roster_unknown_sex", "roster_unknown_sex", '第{row}行「{label}」无法识别为男或女:"{value}",按空值处理'),
    # §1: why a sheet is not read (ParsedSheet.skipped)
    Message("empty_sheet", "empty_sheet", "空表,没有数据"),
    # §3.5: the membership rows a registry's 职工人数 and 会员人数 give: a sheet of its own in the report
    Message("registry_membership", "registry_membership", "{sheet}(会员统计)"),
    Message(
        "missing_columns_seen",
        "missing_columns",
        "看起来像{kind}表(已识别{found}),但缺少必需的列{columns};如表中有这些内容,请把表头改为这些名称,或在「设置」中添加别名",
    ),
    Message("no_known_header", "no_known_header", "未找到可识别的表头（如「单位」「年度」「会员人数」「实缴金额」「金额」等）"),
    Message(
        "too_few_known_columns",
        "no_known_header",
        "只识别到{found}列,不足以判断是哪类统计表(如会员统计需要「单位」「年度」「职工人数」「会员人数」),未读取",
    ),
    Message(
        "person_form",
        "person_form",
        "看起来是逐人填写的表格(如入会申请书、登记表:项目和内容左右排列),不是统计表,未读取;"
        "如需统计,请把各人的信息整理成一行一人的名册",
    ),
    # §1: a sheet whose kind is clear but whose year is nowhere, and none was named at upload
    Message(
        "no_period_anywhere",
        "no_period",
        "第{row}行:表中没有「{label}」列,标题、工作表名和文件名中也没有年份;请在导入时填写所属年度",
    ),
    # §6: a file that stores nothing says so, and why (never a success)
    # {reasons}: (工作表「X」:why;工作表「Y」:why) or nothing — the message stays one sentence
    Message("nothing_stored_unrecognised", "nothing_stored", "未入库任何数据:文件中没有可识别的统计表{reasons}。"),
    Message("nothing_stored_rejected", "nothing_stored", "未入库任何数据:{rows}个数据行全部被拒收,原因见下方;改正后可重新导入。"),
    Message("nothing_stored_empty", "nothing_stored", "未入库任何数据:表头已识别,但表中没有数据行。"),
    Message("sheet_reason", "sheet_skipped", "工作表「{sheet}」:{reason}"),
    # §2: the rejected-rows download names a column without a header by its place
    Message("unnamed_column", "unnamed_column", "第{column_number}列"),
    # §2: a file that is not imported as it stands — a duplicate of a kept batch, a ledger
    # overlapping earlier batches ({when} as 2024-01-15 09:00; {batches} as #3、#4)
    Message(
        "duplicate_file",
        "duplicate",
        "该文件已于{when}导入过(批次 #{batch}),未重复导入。如需按现行规则重新读取,可在「导入记录」中对该批次「重新识别」。",
    ),
    # a duplicate of a replaced batch: it comes back when the batch that replaced it ({by}) is undone
    Message(
        "duplicate_file_replaced",
        "duplicate",
        "该文件已于{when}导入过(批次 #{batch},已被批次 #{by} 替换),未重复导入。撤销批次 #{by} 即可恢复它。",
    ),
    # 重新识别 (issue 14): a batch read again with today's rules ({reason}: why nothing changed)
    Message(
        "reidentified",
        "reidentified",
        "已按现行规则重新识别批次 #{batch}:新批次 #{new} 替换了批次 #{batch};撤销批次 #{new} 即可恢复原批次。",
    ),
    Message("reidentify_unchanged", "reidentify_unchanged", "批次 #{batch} 保持不变。按现行规则重新识别时:{reason}"),
    Message("overlap_stopped", "overlap", "该文件的{overlaps}在单位和期间上重叠,未导入。请选择替换原批次,或保留两者。"),
    Message("overlap_part", "overlap", "{kind}数据与批次 #{batch}(「{file}」,{when}导入)"),
    Message("overlap_replaced", "overlap_replaced", "已替换与之重叠的批次 {batches}(撤销本批次即可恢复),并导入该文件。"),
    Message("overlap_kept", "overlap_kept", "该文件与批次 {batches} 重叠,已按要求保留两者。"),
    # 设置: the user's rules, told by the row of the form ({number}); {shown} is 「…」 or 空白
    Message("setting_unknown_kind", "setting_invalid", "第{number}行:数据类别{shown}不存在,可选:{choices}。"),
    Message("setting_unknown_column", "setting_invalid", "第{number}行:{kind}没有{shown}这一列,可选:{choices}。"),
    Message("setting_empty_alias", "setting_invalid", "第{number}行:「{column}」的别名不能为空。"),
    Message(
        "setting_alias_names_another_column",
        "setting_invalid",
        "第{number}行:「{alias}」已是{kind}「{other}」列的名称,不能再作为「{column}」的别名。",
    ),
    Message(
        "setting_alias_taken", "setting_invalid", "第{number}行:别名「{alias}」在{kind}中已用于另一列,同一别名只能对应一列。"
    ),
    Message("setting_unknown_category", "setting_invalid", "第{number}行:{shown}不是标准慰问类别,可选:{choices}。"),
    Message("setting_no_keywords", "setting_invalid", "第{number}行:「{category}」至少要填一个关键词。"),
    Message("setting_unknown_activity_type", "setting_invalid", "第{number}行:{shown}不是标准活动类型,可选:{choices}。"),
)

MESSAGES_BY_KEY: dict[str, Message] = {m.key: m for m in MESSAGES}


def message(key: str, **fields: object) -> str:
    """The sentence ``key`` with its {placeholders} filled from ``fields``.

    ``KeyError`` for an unknown key or a missing field."""
    return MESSAGES_BY_KEY[key].template.format(**fields)


def placeholders(key: str) -> frozenset[str]:
    """The field names the template of ``key`` takes ({row}, {label} …)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(MESSAGES_BY_KEY[key].template) if name)
