"""Evaluation: debriefs."""
