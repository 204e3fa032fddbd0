"""The sheets of the Excel export: columns, and rows built from export_rows' queries.

Each sheet's rows are a generator, so its statements run only when the sheet is written.
"""

from flask_babel import gettext as _

from program_planner.evaluation.kinds import kind_of
from program_planner.evaluation.kinds.base import QuestionKind
from program_planner.evaluation.models import ResponseKind
from program_planner.planning.models import TargetMetric
from program_planner.reports.attainment import INSUFFICIENT, MET, attainment, reach_totals
from program_planner.reports.cost import cost_per_attendee
from program_planner.reports.export import rows as q
from program_planner.reports.export.excel import (
    DATE,
    DATETIME,
    INT,
    LABEL,
    MONEY,
    NUMBER,
    TEXT,
    Column,
    Formatted,
    HeaderRow,
    Sheet,
)

SESSIONS_CHARTED = 60  # sessions (one program) or programs (a set) on the attendance chart
KEPT_CHUNKS = 4  # chunks whose Objectives rows the Summary keeps (each judged once, not twice)
SHARE, MEAN, COUNT = "0.0%", "0.00", "#,##0"


def sheets(context, charts=None):
    """Yield the sheets in order; rows are generated as each sheet is written.

    charts(name), when given, returns the charts drawn under a sheet's rows ("objectives",
    "sessions"); it is called once that sheet's rows are written.
    """

    def under(name):
        return (lambda: charts(name)) if charts else ()

    questions = {}
    for ids in context.chunks(counted=False):
        for qid, (position, row) in q.form_questions(ids).items():
            if qid not in questions or position < questions[qid][0]:
                questions[qid] = (position, row)
    context.questions = questions
    order = sorted(questions, key=lambda qid: (questions[qid][0], qid))
    yield Sheet(_("Summary"), summary_columns(), summary_rows(context))
    yield Sheet(_("Objectives"), objective_columns(), objective_rows(context), under("objectives"))
    yield Sheet(_("Sessions"), session_columns(), session_rows(context), under("sessions"))
    yield Sheet(_("Budget"), budget_columns(), budget_rows(context))
    yield Sheet(_("Responses"), response_columns(context, order), response_rows(context, order))
    yield Sheet(_("Comments"), comment_columns(), comment_rows(context))
    yield Sheet(_("Debriefs"), debrief_columns(), debrief_rows(context))


# --- Summary --------------------------------------------------------------------------------
def summary_columns():
    return [
        Column(_("Program"), TEXT),
        Column(_("Branch"), LABEL, 22),
        Column(_("Program type"), LABEL),
        Column(_("Delivery mode"), LABEL),
        Column(_("Status"), LABEL, 14),
        Column(_("Fiscal year"), LABEL, 10),
        Column(_("Sessions"), INT),
        Column(_("Expected attendance"), INT, 12),
        Column(_("Headcount"), INT, 11),
        Column(_("First-time attendees"), INT, 12),
        Column(_("Responses (immediate)"), INT, 12),
        Column(_("Responses (follow-up)"), INT, 12),
        Column(_("Objectives"), INT, 11),
        Column(_("Objectives met"), INT, 11),
        Column(_("Objectives judged"), INT, 11),
        Column(_("Satisfaction (mean of 5)"), NUMBER, 13),
        Column(_("Budget planned"), MONEY, 14),
        Column(_("Budget actual"), MONEY, 14),
        Column(_("Cost per attendee"), MONEY, 13),
    ]


def summary_rows(context):
    """One row per program. Judging the objectives costs the most of its statements, so the
    Objectives rows of the first KEPT_CHUNKS chunks are made here too and kept for that sheet
    (plain tuples; memory bounded whatever the number of programs); later chunks are judged
    again there."""
    context.objective_rows = {}
    for number, ids in enumerate(context.chunks()):
        sessions = q.session_totals(ids)
        reach = reach_totals(ids)
        responses = q.response_counts(ids)
        satisfaction = q.satisfaction_means(ids)
        budget = q.budget_totals(ids)
        judged = attainment(ids)
        verdicts = {
            pid: (
                len(results),
                sum(r.verdict == MET for r in results),
                sum(r.verdict != INSUFFICIENT for r in results),
            )
            for pid, results in judged.items()
        }
        programs = q.program_rows(ids)
        if number < KEPT_CHUNKS:
            titles = {row[0]: row[1] for row in programs}
            context.objective_rows[number] = list(
                objective_rows_of(context, ids, titles, judged, q.objective_assessments(ids))
            )
        del judged
        for pid, title, branch, ptype, mode, status, year in programs:
            count, expected = sessions.get(pid, (0, 0))
            _reported, headcount, first_time = reach.get(pid, (0, 0, 0))
            planned, actual = budget.get(pid, (None, None))
            kinds = responses.get(pid, {})
            cost = cost_per_attendee(actual, headcount)
            yield (
                title,
                branch,
                context.label(ptype),
                context.label(mode),
                context.label(status),
                year,
                count,
                int(expected or 0),
                headcount,
                first_time,
                kinds.get(ResponseKind.IMMEDIATE, 0),
                kinds.get(ResponseKind.FOLLOW_UP, 0),
                *verdicts.get(pid, (0, 0, 0)),
                satisfaction.get(pid),
                planned,
                actual,
                cost,
            )


# --- Objectives -----------------------------------------------------------------------------
def objective_columns():
    return [
        Column(_("Program"), TEXT, 30),
        Column(_("Objective"), TEXT, 45),
        Column(_("Outcome type"), LABEL, 20),
        Column(_("Target"), NUMBER),
        Column(_("Measured as"), LABEL, 28),
        Column(_("n"), INT, 7),
        Column(_("Observed"), NUMBER),
        Column(_("95% interval, low"), NUMBER, 11),
        Column(_("95% interval, high"), NUMBER, 11),
        Column(_("Verdict"), LABEL, 18),
        Column(_("Coordinator's assessment"), TEXT, 45),
    ]


def _measure(metric, value):
    """A value in the objective's unit: a share (0–1) as a percentage, a mean, a count."""
    if value is None:
        return None
    if metric == TargetMetric.PERCENT_AGREE:
        return Formatted(value, SHARE)
    if metric == TargetMetric.MEAN_RATING:
        return Formatted(value, MEAN)
    return Formatted(value, COUNT)


def objective_rows(context):
    kept = getattr(context, "objective_rows", None) or {}
    for number, ids in enumerate(context.chunks()):
        rows = kept.pop(number, None)
        if rows is not None:
            yield from rows
            continue
        titles = dict(q.program_titles(ids))
        yield from objective_rows_of(
            context, ids, titles, attainment(ids), q.objective_assessments(ids)
        )


def objective_rows_of(context, ids, titles, results, assessments):
    """The Objectives rows of a chunk of programs, from their judged objectives."""
    for pid in ids:
        for r in results.get(pid, []):
            o = r.objective
            metric = o.target_metric
            target = float(o.target_value)
            if metric == TargetMetric.PERCENT_AGREE:
                target /= 100
            yield (
                titles.get(pid),
                o.statement,
                context.label(o.outcome_type),
                _measure(metric, target),
                context.label(metric),
                r.n,
                _measure(metric, r.observed),
                _measure(metric, r.low),
                _measure(metric, r.high),
                str(r.verdict_label),
                assessments.get(o.id),
            )


# --- Sessions -------------------------------------------------------------------------------
def session_columns():
    return [
        Column(_("Program"), TEXT, 30),
        Column(_("Start"), DATETIME),
        Column(_("End"), DATETIME),
        Column(_("Venue"), TEXT, 28),
        Column(_("Expected"), INT),
        Column(_("Capacity"), INT),
        Column(_("Headcount"), INT, 11),
        Column(_("First-time"), INT),
        Column(_("Observations"), TEXT, 50),
    ]


def session_rows(context):
    single = len(context.program_ids) == 1
    totals = {}
    for ids in context.chunks():
        for (
            title,
            start,
            end,
            venue,
            link,
            expected,
            capacity,
            head,
            first,
            notes,
        ) in q.session_rows(ids):
            local_start = context.local(start)
            if single and len(context.attendance) < SESSIONS_CHARTED:
                context.attendance.append(
                    (local_start.strftime("%Y-%m-%d %H:%M"), expected or 0, head or 0)
                )
            elif not single and (title in totals or len(totals) < SESSIONS_CHARTED):
                before = totals.get(title, (0, 0))
                totals[title] = (before[0] + (expected or 0), before[1] + (head or 0))
            yield (
                title,
                local_start,
                context.local(end),
                venue or (_("Online") if link else None),
                expected,
                capacity,
                head,
                first,
                notes,
            )
    if not single:
        context.attendance.extend((title, e, h) for title, (e, h) in totals.items())


# --- Budget ---------------------------------------------------------------------------------
def budget_columns():
    return [
        Column(_("Program"), TEXT, 30),
        Column(_("Category"), LABEL, 20),
        Column(_("Funding source"), LABEL, 20),
        Column(_("Description"), TEXT, 40),
        Column(_("Planned"), MONEY),
        Column(_("Actual"), MONEY),
        Column(_("Variance (actual − planned)"), MONEY, 16),
    ]


def budget_rows(context):
    for ids in context.chunks():
        for title, category, source, description, planned, actual in q.budget_rows(ids):
            variance = None if actual is None else actual - (planned or 0)
            yield (
                title,
                context.label(category),
                context.label(source),
                description,
                planned,
                actual,
                variance,
            )


# --- Responses ------------------------------------------------------------------------------
def response_columns(context, order):
    return [
        Column(_("Response"), LABEL, 10),
        Column(_("Program"), TEXT, 30),
        Column(_("Session"), DATETIME),
        Column(_("Submitted"), DATETIME),
        Column(_("Kind"), LABEL, 11),
        Column(_("Channel"), LABEL, 18),
        Column(_("Language"), LABEL, 9),
    ] + [Column(context.text(context.questions[qid][1]), LABEL, 22) for qid in order]


def answer_value(question, number, text, context, choice_labels):
    """Return how one stored answer reads in the sheet (its kind says)."""
    kind = kind_of(question) if question is not None else QuestionKind()
    labels = choice_labels.get(question.id if question is not None else None, {})
    return kind.excel_value(number, text, context, labels)


def response_rows(context, order):
    context.na, context.yes, context.no = _("Not applicable"), _("Yes"), _("No")
    column = {qid: index for index, qid in enumerate(order)}
    as_is = {qid for qid, (_p, row) in context.questions.items() if kind_of(row).number_is_cell}
    choice_labels = {
        qid: {
            c.get("value"): c.get(context.language) or c.get("en") or c.get("value")
            for c in (row.choices or [])
        }
        for qid, (_position, row) in context.questions.items()
    }
    kinds = {qid: kind_of(row) for qid, (_position, row) in context.questions.items()}
    no_labels = {}
    local, label, width = context.local, context.label, len(order)
    for ids in context.chunks():
        rows = q.with_answers(q.response_rows(ids), q.answer_rows(ids))
        for (rid, title, start, submitted, kind, channel, language), answers in rows:
            values = [None] * width
            for qid, number, text in answers:
                at = column.get(qid)
                if at is None:
                    continue
                if number is not None and qid in as_is:
                    value = number  # the common case: a scale or a rating
                else:  # what answer_value says, each question's kind found once
                    value = kinds[qid].excel_value(
                        number, text, context, choice_labels.get(qid, no_labels)
                    )
                values[at] = value if values[at] is None else f"{values[at]}; {value}"
            yield (
                rid,
                title,
                local(start),
                local(submitted),
                label(kind),
                label(channel),
                language,
                *values,
            )


# --- Comments and debriefs ------------------------------------------------------------------
def comment_columns():
    return [
        Column(_("Program"), TEXT, 30),
        Column(_("Question"), TEXT, 30),
        Column(_("Comment"), TEXT, 70),
        Column(_("Date"), DATE),
        Column(_("Kind"), LABEL, 11),
    ]


def comment_rows(context):
    for ids in context.chunks():
        for title, text_en, text_fr, comment, submitted, kind in q.comment_rows(ids):
            question = text_fr if context.language == "fr" and text_fr else text_en
            day = context.local(submitted)
            yield (title, question, comment, day and day.date(), context.label(kind))


def debrief_columns():
    return [
        Column(_("Program"), TEXT, 30),
        Column(_("Kind"), LABEL, 11),
        Column(_("Author"), TEXT, 24),
        Column(_("What worked"), TEXT, 40),
        Column(_("What to change"), TEXT, 40),
        Column(_("Problems"), TEXT, 40),
        Column(_("Would return"), LABEL, 12),
        Column(_("Lessons learned"), TEXT, 40),
    ]


def debrief_rows(context):
    """One row per debrief; then, as a second table, each debrief's view of each objective."""
    answers = {"yes": _("Yes"), "no": _("No"), "maybe": _("Maybe")}
    for ids in context.chunks():
        for (
            title,
            kind,
            author_name,
            full_name,
            worked,
            change,
            problems,
            again,
            lessons,
        ) in q.debrief_rows(ids):
            yield (
                title,
                context.label(kind),
                author_name or full_name or _("former staff"),
                worked,
                change,
                problems,
                answers.get(again, again),
                lessons,
            )
    heading = False
    for ids in context.chunks():
        for title, author_name, full_name, objective, achieved, why in q.debrief_objective_rows(
            ids
        ):
            if not heading:
                heading = True
                yield ()
                yield HeaderRow([_("The objectives in the debriefs")])
                # under the columns above that fit them: Kind is narrow, What worked wide
                yield HeaderRow(
                    [_("Program"), _("Achieved"), _("Author"), _("Objective"), _("Why")]
                )
            yield (
                title,
                context.label(achieved),
                author_name or full_name or _("former staff"),
                objective,
                why,
            )
