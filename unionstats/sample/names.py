"""The made-up names of the sample: the district's 街道 and units, the city's places and
unit names, people's names, and the seeded random streams they are drawn from.

Every unit, firm and person is made up.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_SEED = 2024
YEARS: tuple[int, ...] = tuple(range(2019, 2025))

DISTRICT = "示范区总工会"
EAST, WEST, SOUTH = "东城街道总工会", "西城街道总工会", "南湖街道总工会"
STREETS: tuple[str, ...] = (EAST, WEST, SOUTH)
STREET_SHORT: dict[str, str] = {EAST: "东城街道", WEST: "西城街道", SOUTH: "南湖街道"}

# product.md's seed example: this unit's 2024 welfare ledger, and only that file, holds
# 住院 16人次 4,000元 · 生育 5人次 2,500元 · 丧葬 2人次 20,000元 · 退休 2人次 2,000元 ·
# 困难 6人次 6,000元 = 34,500元.
SEED_UNIT = "华新机械有限公司工会"
SEED_YEAR = 2024


@dataclass(frozen=True)
class SampleUnit:
    """One grassroots unit of the sample district.

    ``employees`` is the headcount in 2019 (or in the year the union was founded);
    ``wage`` the average monthly wage in 2019, 元; ``founded`` the year the union was set
    up, None for a firm without a union yet (so 建会率 stays under 100%).
    """

    name: str
    parent: str
    unit_type: str
    employees: int
    female_share: float
    migrant_share: float
    wage: int
    founded: int | None


UNITS: tuple[SampleUnit, ...] = (
    SampleUnit("华新机械有限公司工会", EAST, "企业", 336, 0.22, 0.35, 7200, 2005),
    SampleUnit("示范区东城实验小学工会", EAST, "学校", 92, 0.74, 0.0, 8600, 1998),
    SampleUnit("示范区人民医院工会", EAST, "医院", 1186, 0.68, 0.02, 11200, 1990),
    SampleUnit("瑞丰食品有限公司工会", EAST, "非公企业", 214, 0.58, 0.52, 5600, 2012),
    SampleUnit("博远软件科技有限公司工会", EAST, "非公企业", 158, 0.31, 0.0, 14500, 2016),
    SampleUnit("东城街道机关工会", EAST, "机关事业", 63, 0.46, 0.0, 9200, 1995),
    SampleUnit("和平社区工会", EAST, "社区", 24, 0.71, 0.0, 5200, 2010),
    SampleUnit("恒远装饰工程有限公司", EAST, "非公企业", 46, 0.15, 0.70, 5800, None),
    SampleUnit("示范区第二中学工会", WEST, "学校", 143, 0.61, 0.0, 9400, 1996),
    SampleUnit("宏达建筑工程有限公司工会", WEST, "企业", 472, 0.09, 0.78, 6900, 2008),
    SampleUnit("鑫源纺织有限公司工会", WEST, "非公企业", 517, 0.81, 0.64, 4900, 2009),
    SampleUnit("西城社区卫生服务中心工会", WEST, "医院", 71, 0.72, 0.0, 8300, 2003),
    SampleUnit("金桥物流有限公司工会", WEST, "非公企业", 231, 0.18, 0.71, 6200, 2014),
    SampleUnit("启明电子有限公司工会", WEST, "非公企业", 388, 0.55, 0.60, 6100, 2011),
    SampleUnit("佳味餐饮管理有限公司工会", WEST, "非公企业", 64, 0.62, 0.80, 4600, 2021),
    SampleUnit("南湖中心幼儿园工会", SOUTH, "学校", 46, 0.93, 0.0, 6800, 2002),
    SampleUnit("天诚汽车零部件有限公司工会", SOUTH, "企业", 608, 0.24, 0.46, 7600, 2007),
    SampleUnit("南湖街道机关工会", SOUTH, "机关事业", 57, 0.49, 0.0, 9100, 1995),
    SampleUnit("碧水环保科技有限公司工会", SOUTH, "非公企业", 118, 0.35, 0.22, 8800, 2015),
    SampleUnit("润泽物业服务有限公司工会", SOUTH, "非公企业", 176, 0.44, 0.68, 4700, 2013),
    SampleUnit("顺捷快递服务有限公司工会", SOUTH, "非公企业", 88, 0.12, 0.85, 6400, 2023),
    SampleUnit("安居家政服务有限公司", SOUTH, "非公企业", 37, 0.86, 0.90, 4500, None),
)
UNIT_BY_NAME: dict[str, SampleUnit] = {u.name: u for u in UNITS}
# the units the district's contests and unit statements name
HUAXIN, HOSPITAL, TIANCHENG = SEED_UNIT, "示范区人民医院工会", "天诚汽车零部件有限公司工会"


# The made-up city's 街道 (a parent is "<place>街道总工会"), in the order they are used.
PLACES: tuple[str, ...] = tuple(
    "东城 西城 南湖 北苑 城关 河西 江东 新华 解放 人民 中山 和平 长安 建设 胜利 文化 青山 白云 翠湖 桃源 "
    "金山 银湖 龙泉 凤凰 清河 柳湾 石桥 梅林 松岭 枫林 南山 北山 滨江 临江 望江 沙河 高新 东湖 西湖 莲花 "
    "杏林 花园 朝阳 光明 向阳 红旗 友谊 幸福 永安 太平 兴隆 丰收 双桥 三里 五一 七星 九龙 华山 城南 城北 "
    "新城 湖滨 东关 西关 南关 北关 大桥 黄河 长江 珠江 松江 汉江 潮白 紫荆 金桂 玉泉 天河 碧海".split()
)
CITY_UNION = "示范市总工会"


def seeded_rng(seed: int, topic: str) -> random.Random:
    # one stream per topic: changing one kind's data leaves the others' bytes alone
    return random.Random(f"{seed}:{topic}")


def units_of(street: str) -> list[SampleUnit]:
    return [u for u in UNITS if u.parent == street]


def units_by_parent(units: Sequence[SampleUnit]) -> dict[str, list[SampleUnit]]:
    by_parent: dict[str, list[SampleUnit]] = {}
    for unit in units:
        by_parent.setdefault(unit.parent, []).append(unit)
    return by_parent


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤"
GIVEN_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅玉兰志文斌海波辉鹏宇浩凯晨雪琳婷倩欣怡佳俊峰亮健飞鑫瑞雯颖慧晶燕萍春凤新立荣"


class PersonNames:
    """Made-up personal names, unique within one pool (one unit and year)."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def next(self) -> str:
        while True:
            given = "".join(self._rng.choice(GIVEN_CHARS) for _ in range(self._rng.choice((1, 2, 2))))
            name = self._rng.choice(SURNAMES) + given
            if name not in self._used:
                self._used.add(name)
                return name


FIRM_CHARS = "华新瑞丰博远宏达鑫源金桥启明天诚碧水润泽顺捷安居恒佳盛通嘉禾永泰康宁信联创兴业汇卓越振东方中长城光大宝利"
INDUSTRIES: tuple[str, ...] = (
    "机械",
    "电子",
    "食品",
    "纺织",
    "物流",
    "建筑工程",
    "软件科技",
    "环保科技",
    "物业服务",
    "餐饮管理",
    "汽车零部件",
    "快递服务",
    "家政服务",
    "医药",
    "化工",
    "服装",
    "信息技术",
    "精密制造",
    "养老服务",
    "装饰工程",
    "商贸",
    "印务",
    "家具制造",
    "新材料",
)
STATE_FIRM_SUFFIXES = ("集团有限公司", "股份有限公司", "有限责任公司")
SCHOOL_KINDS = ("小学", "小学", "中学", "幼儿园")
HOSPITAL_KINDS = ("医院", "口腔医院", "中医医院", "妇幼保健院")
OFFICES = ("市场监管所", "派出所", "税务所", "司法所", "财政所", "文化站", "环卫所", "供电所", "卫生监督所", "自然资源所")
COMMUNITY_WORDS = tuple(
    "和平 幸福 阳光 锦绣 翠苑 春晖 金桂 枫丹 花园 新村 滨河 育才 文苑 怡景 康乐 绿洲 朝晖 民主 团结 振兴".split()
)
CHINESE_NUMERALS = "一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 23 → 二十三 (up to 99), as schools are numbered."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CHINESE_NUMERALS[tens - 1] + "十")
    return head + (CHINESE_NUMERALS[ones - 1] if ones else "")


class CityUnitNames:
    """Made-up unit names, unique in the city and apart from the sample district's."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._taken = {u.name.removesuffix("工会") for u in UNITS}
        self._numbers: dict[tuple[str, str], int] = {}

    def name(self, place: str, unit_type: str) -> str:
        for _ in range(40):
            name = self._candidate(place, unit_type)
            if name not in self._taken:
                break
        else:  # a 街道 crowded with one type: number them
            name = f"{place}{unit_type}第{self._next(place, unit_type)}单位"
        self._taken.add(name)
        return name

    def _next(self, place: str, what: str) -> int:
        number = self._numbers.get((place, what), 0) + 1
        self._numbers[(place, what)] = number
        return number

    def _candidate(self, place: str, unit_type: str) -> str:
        rng = self._rng
        brand = "".join(rng.sample(FIRM_CHARS, 2))
        if unit_type == "非公企业":
            return f"{brand}{rng.choice(INDUSTRIES)}有限公司"
        if unit_type == "企业":
            return f"{brand}{rng.choice(INDUSTRIES)}{rng.choice(STATE_FIRM_SUFFIXES)}"
        if unit_type == "学校":
            kind = rng.choice(SCHOOL_KINDS)
            return f"{place}第{_chinese_number(self._next(place, kind))}{kind}"
        if unit_type == "医院":
            if (place, "卫生服务中心") not in self._numbers:
                self._next(place, "卫生服务中心")
                return f"{place}社区卫生服务中心"
            return f"{brand}{rng.choice(HOSPITAL_KINDS)}"
        if unit_type == "机关事业":
            return f"{place}{rng.choice(OFFICES)}"
        return f"{place}{rng.choice(COMMUNITY_WORDS)}社区"
