"""Evaluation: presenters' debriefs by private link, and staff debriefs."""
