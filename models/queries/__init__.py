"""Read queries: SQL does the work, results come back as pandas DataFrames."""
