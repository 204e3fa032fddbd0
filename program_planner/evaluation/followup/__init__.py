"""Automatic follow-up surveys: settings per program, personal links, one reminder, purge."""
