"""One program's report: verdicts, answers, assessment and how similar programs did."""
