"""The data contract as data: every alias, keyword, standard and target is a row here.

Each module holds one table (a tuple of small records) with the contract section it
implements; lookups are derived from the tables, never written by hand. The user's own
additions (from 设置, stored in the ``settings`` table) are merged over these defaults by
``unionstats.rules.load``.
"""
