"""Annual statistics in the agency's own categories: reporting profiles, counting rules, exports.

models.py (how a program counts, recordings, the chosen profile), profiles.py (the agencies'
elements and categories, as data), queries.py (pure GROUP BY queries), tables.py (counting rules
into the agency's tables and cross-checks), files.py (Excel and CSV, no Flask), service.py,
forms.py, views.py (the page, downloads, program section, settings).
"""
