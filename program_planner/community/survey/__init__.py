"""The community needs survey: a public, anonymous survey on the evaluation form engine."""
