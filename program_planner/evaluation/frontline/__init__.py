"""Evaluation: frontline."""
