"""Evaluation: imports."""
