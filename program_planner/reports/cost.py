"""Cost per attendee: the one definition the report page, the dashboard and the exports use.

Cost per attendee = actual spending ÷ the attendance of the sessions with a recorded headcount.
It is "not enough data" (None) when no actual spending is recorded or no session has a headcount:
a planned budget is never divided, and sessions without a headcount add nothing to the divisor.
"""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def cost_per_attendee(actual, attendance) -> Decimal | None:
    """Return actual spending ÷ recorded attendance, to the cent, or None when either is missing.

    actual: the sum of the actual amounts recorded (None when no line has one);
    attendance: the sum of the headcounts recorded (sessions with no headcount add nothing).
    """
    if actual is None or not attendance:
        return None
    return (Decimal(str(actual)) / Decimal(int(attendance))).quantize(CENT, ROUND_HALF_UP)
