"""Benchmarks of unionstats and the files they run on (issue 6); never run as tests.

``python -m bench`` runs them and writes ``bench/results.json`` and the growth plot;
``bench/generate.py`` makes (once, cached under ``bench/out/``) the made-up city and the
big welfare ledgers with ``unionstats.sample``.
"""
