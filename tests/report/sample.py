"""The year, unit and 上级工会 of the sample store that the report tests report on."""

YEAR = "2024"
UNIT = "华新机械有限公司工会"
PARENT = "东城街道总工会"
