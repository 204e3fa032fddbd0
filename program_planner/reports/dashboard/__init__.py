"""The portfolio dashboard: stored figures by branch, month, type and group, and coverage."""
