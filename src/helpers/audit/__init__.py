"""The claims audit: ranges a printed figure allows, rounding, readings, each claim's check and the
issues found."""
