"""sample: the seeded sample generator (a 22-unit district, a city, large ledgers).

The same seed always gives the same bytes. By what they generate:

    names         the made-up 街道, units, places and people; the seeded random streams
    mess          numbers typed as text, mixed date forms, an office's 合计
    sheets        an office's table layout and the workbook writers (.xlsx, write-only, .xls)
    membership, dues, welfare, competitions, registry, finance
                  each kind's facts and its tables
    district      ``write_sample``: the 示范区总工会 sample with its planted problems
    city          ``write_city``: a made-up city of a ``Scale`` (``CITY``: 10,000 units)
    ledgers       ``write_welfare_ledger``: one 100k/1M-row welfare ledger for ``bench/``
"""

from unionstats.sample.city import CITY, CitySample, Scale, write_city
from unionstats.sample.district import planted_problems, write_sample
from unionstats.sample.ledgers import LEDGER_SHEET_ROWS, LedgerSample, write_welfare_ledger
from unionstats.sample.names import DEFAULT_SEED, DISTRICT, SEED_UNIT, SEED_YEAR, UNITS, YEARS, SampleUnit
from unionstats.sample.sheets import PlantedProblem

__all__ = [
    "CITY",
    "DEFAULT_SEED",
    "DISTRICT",
    "LEDGER_SHEET_ROWS",
    "SEED_UNIT",
    "SEED_YEAR",
    "UNITS",
    "YEARS",
    "CitySample",
    "LedgerSample",
    "PlantedProblem",
    "SampleUnit",
    "Scale",
    "planted_problems",
    "write_city",
    "write_sample",
    "write_welfare_ledger",
]
