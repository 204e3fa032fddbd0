"""The statistics behind verdicts, pinned against hand-worked examples."""

from decimal import Decimal

import pytest

from program_planner.planning.models import Objective, TargetMetric
from program_planner.reports.attainment import (
    INSUFFICIENT,
    MET,
    NOT_MET,
    Evidence,
    judge_objective,
    mean_interval,
    wilson_interval,
)


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # by hand: centre = (p + z²/2n) / (1 + z²/n); half = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n)
        (8, 10, 0.4902, 0.9433),
        (3, 3, 0.4385, 1.0000),
        (0, 5, 0.0000, 0.4345),
        (90, 100, 0.8256, 0.9448),
        (50, 100, 0.4038, 0.5962),
    ],
)
def test_wilson_interval(successes, n, low, high):
    got_low, got_high = wilson_interval(successes, n)
    assert got_low == pytest.approx(low, abs=5e-5)
    assert got_high == pytest.approx(high, abs=5e-5)


def test_mean_interval():
    # ratings 5,5,4,4,2: mean 4, sample variance (1+1+0+0+4)/4 = 1.5, half = 1.96·√(1.5/5)
    mean, low, high = mean_interval(20, 86, 5)
    assert mean == 4
    assert low == pytest.approx(4 - 1.959964 * (0.3**0.5), abs=1e-5)
    assert high == pytest.approx(4 + 1.073516, abs=1e-5)


def objective(metric=TargetMetric.PERCENT_AGREE, target=80):
    return Objective(statement="x", target_metric=metric, target_value=Decimal(target))


def evidence(**counts):
    return Evidence({Decimal(k[1:]): v for k, v in counts.items()})


def test_three_agreeing_answers_are_not_enough_to_claim_80_percent():
    result = judge_objective(objective(), evidence(v5=3), None)
    assert result.verdict == INSUFFICIENT and result.observed == 1.0
    assert result.low == pytest.approx(0.4385, abs=5e-5)


def test_share_verdicts():
    assert judge_objective(objective(), evidence(v5=60, v4=30, v2=10), None).verdict == MET
    assert judge_objective(objective(), evidence(v5=30, v4=20, v3=50), None).verdict == NOT_MET
    assert judge_objective(objective(), evidence(v5=8, v3=2), None).verdict == INSUFFICIENT
    assert judge_objective(objective(), None, None).verdict == INSUFFICIENT


def test_mean_rating_verdicts():
    target = objective(TargetMetric.MEAN_RATING, 4)
    assert judge_objective(target, evidence(v5=40, v4=10), None).verdict == MET
    assert judge_objective(target, evidence(v3=30, v4=5), None).verdict == NOT_MET
    assert judge_objective(target, evidence(v5=1), None).verdict == INSUFFICIENT


def test_reach_verdicts_from_headcounts():
    attendance = objective(TargetMetric.TOTAL_ATTENDANCE, 40)
    first_time = objective(TargetMetric.FIRST_TIME_ATTENDEES, 10)
    assert judge_objective(attendance, None, (4, 45, 11)).verdict == MET
    assert judge_objective(attendance, None, (4, 39, 11)).verdict == NOT_MET
    assert judge_objective(first_time, None, (4, 45, 11)).observed == 11
    assert judge_objective(first_time, None, None).verdict == INSUFFICIENT
