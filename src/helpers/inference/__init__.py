"""Numbers only: counts compatible with the rounded percentages, intervals (approximate and exact),
shares, paired tests, precision and multiplicity."""
