"""Evaluation: public."""
