"""The Excel export: rows queried in SQL and written as a workbook a funder can read."""
