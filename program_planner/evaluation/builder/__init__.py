"""Evaluation: builder."""
