"""The report's words: what was observed with its uncertainty, the target, verdict counts."""

from collections import Counter

from flask_babel import gettext as _

from program_planner.planning.models import TargetMetric
from program_planner.reports.attainment import INSUFFICIENT, MET, NOT_MET


def verdict_counts(results) -> Counter:
    """Return {verdict: count} of a program's objective results."""
    counts = Counter({MET: 0, NOT_MET: 0, INSUFFICIENT: 0})
    counts.update(r.verdict for r in results)
    return counts


def _pct(value) -> str:
    return f"{round(100 * value)} %"


def describe(result) -> str:
    """Say what was observed, with its uncertainty: "78 % agree (95 % CI 64–88 %), n = 41"."""
    metric = result.objective.target_metric
    if metric in (TargetMetric.TOTAL_ATTENDANCE, TargetMetric.FIRST_TIME_ATTENDEES):
        if not result.n:
            return _("No headcount recorded yet")
        if metric == TargetMetric.TOTAL_ATTENDANCE:
            return _(
                "%(count)d attendees over %(n)d sessions reported",
                count=result.observed,
                n=result.n,
            )
        return _(
            "%(count)d first-time attendees over %(n)d sessions reported",
            count=result.observed,
            n=result.n,
        )
    if not result.n:
        return _("No answers yet")
    if metric == TargetMetric.MEAN_RATING:
        if result.low is None:
            return _("average %(mean).1f out of 5, n = %(n)d", mean=result.observed, n=result.n)
        return _(
            "average %(mean).1f out of 5 (95 %% CI %(low).1f–%(high).1f), n = %(n)d",
            mean=result.observed,
            low=result.low,
            high=result.high,
            n=result.n,
        )
    return _(
        "%(share)s agree (95 %% CI %(low)s–%(high)s), n = %(n)d",
        share=_pct(result.observed),
        low=str(round(100 * result.low)),
        high=_pct(result.high),
        n=result.n,
    )


def describe_target(objective) -> str:
    """Say the target in words: "at least 80 % agree"."""
    value = objective.target_value
    number = f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"
    metric = objective.target_metric
    if metric == TargetMetric.PERCENT_AGREE:
        return _("at least %(v)s %% agree", v=number)
    if metric == TargetMetric.MEAN_RATING:
        return _("an average of at least %(v)s out of 5", v=number)
    if metric == TargetMetric.TOTAL_ATTENDANCE:
        return _("at least %(v)s attendees", v=number)
    return _("at least %(v)s first-time attendees", v=number)
