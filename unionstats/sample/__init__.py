"""sample: the seeded sample generator (a 22-unit district, a city, large ledgers)."""
