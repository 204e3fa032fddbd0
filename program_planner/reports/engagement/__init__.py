"""Engagement measures by period and branch: pure queries apart from the page and Excel."""
