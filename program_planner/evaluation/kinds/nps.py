"""Likelihood to recommend, 0 to 10, summarised as a Net Promoter Score.

"How likely are you to recommend this program to a friend?" Promoters answer 9 or 10, passives 7
or 8, detractors 0 to 6. The score is the percentage of promoters minus the percentage of
detractors (−100 … +100). Its 95 % interval is the normal approximation on the difference of the
two shares of one multinomial sample: var(p − d) = (p + d − (p − d)²) / n.
"""

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField

from program_planner.evaluation.kinds.base import (
    CellError,
    QuestionKind,
    cell_scale,
    help_text,
    normalize,
    short,
)
from program_planner.evaluation.kinds.registry import register
from program_planner.evaluation.models import QuestionType

Z_95 = 1.959963984540054
SCORES = range(0, 11)
PROMOTER_FROM, DETRACTOR_TO = 9, 6
NPS_CHOICES = [
    ("0", _l("0 – Not at all likely")),
    *((str(n), str(n)) for n in range(1, 10)),
    ("10", _l("10 – Extremely likely")),
]
NPS_WORDS = {
    "0": ("not at all likely", "pas du tout probable", "aucunement probable"),
    "10": ("extremely likely", "extremement probable", "tres probable"),
}
LEADING_SCORE = re.compile(r"(\d{1,2})\s*[-–—:=]")  # "10 – Extremely likely", as exported


@dataclass(frozen=True)
class NetPromoterScore:
    """Promoters, passives and detractors among n answers; the score and its 95 % interval."""

    n: int
    promoters: int
    passives: int
    detractors: int

    @property
    def score(self) -> float:
        """Percentage of promoters minus percentage of detractors (−100 … +100)."""
        return 100 * (self.promoters - self.detractors) / self.n

    @property
    def interval(self) -> tuple[float, float]:
        """The 95 % interval of the score (normal approximation), within −100 … +100."""
        p, d = self.promoters / self.n, self.detractors / self.n
        half = Z_95 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / self.n)
        return max(-100.0, 100 * (p - d - half)), min(100.0, 100 * (p - d + half))


def signed(value: float) -> str:
    """Return a score rounded to a whole number with its sign: +25, −12, 0."""
    whole = round(value)
    return f"+{whole}" if whole > 0 else (f"−{-whole}" if whole < 0 else "0")


@register
class NetPromoter(QuestionKind):
    qtype = QuestionType.NPS
    picked = reported = scale_layout = True
    choices_layout = "choices-0-10"
    key_input = {"maxlength": "2", "size": "3", "inputmode": "numeric"}
    chart_colours = (0,) * 7 + (2, 2, 4, 4)  # detractors, passives, promoters

    def field(self, question, required, language):
        return RadioField(
            question.text(language),
            choices=NPS_CHOICES,
            validators=self.presence(required),
            description=help_text(question, language),
        )

    def paper(self, question, language):
        return {
            **super().paper(question, language),
            "options": [(str(n), str(n)) for n in SCORES],
            "inline": True,
            "hint": _("0 = not at all likely, 10 = extremely likely"),
        }

    def key_hint(self, question, language):
        return _("A score from 0 (not at all likely) to 10 (extremely likely)")

    def value_from_key(self, key, question):
        if key.isdigit() and int(key) in SCORES:
            return str(int(key))
        raise ValueError(_l("Type a score from 0 to 10."))

    def from_cell(self, question, raw):
        value = cell_scale(raw, 0, 10)
        if value is None:
            wanted = normalize(raw)
            value = next((k for k, words in NPS_WORDS.items() if wanted in words), None)
        if value is None and (match := LEADING_SCORE.match(raw.strip())):
            value = cell_scale(match.group(1), 0, 10)
        if value is None:
            raise CellError(
                _(
                    "“%(value)s” is not a score from 0 to 10 for “%(question)s”",
                    value=short(raw),
                    question=short(question.text_en, 60),
                )
            )
        return value

    def chart_rows(self, counts):
        return [(str(v), counts[Decimal(v)]) for v in SCORES]

    def positive(self, counts):
        return sum(c for v, c in counts.items() if v >= PROMOTER_FROM)

    def positive_words(self, percent):
        return _("%(p)s promoters (9–10)", p=percent)

    def summary(self, counts) -> NetPromoterScore:
        """Return the Net Promoter Score of {value: count} (never empty counts)."""
        n = sum(counts.values())
        promoters = self.positive(counts)
        detractors = sum(c for v, c in counts.items() if v <= DETRACTOR_TO)
        return NetPromoterScore(n, promoters, n - promoters - detractors, detractors)

    def report_words(self, counts):
        nps = self.summary(counts)
        low, high = nps.interval
        return _(
            "Net Promoter Score %(score)s (likely between %(low)s and %(high)s) · "
            "%(promoters)s promoters, %(passives)s passives, %(detractors)s detractors",
            score=signed(nps.score),
            low=signed(low),
            high=signed(high),
            promoters=nps.promoters,
            passives=nps.passives,
            detractors=nps.detractors,
        )
