"""Demo evaluation data: forms, links, headcounts, responses and debriefs for the demo programs."""

import random
import secrets
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from program_planner.evaluation.builder.program_form import copy_template
from program_planner.evaluation.models import (
    Achievement,
    Answer,
    Debrief,
    DebriefKind,
    DebriefObjective,
    EvaluationLink,
    FormTemplate,
    OccurrenceReport,
    ProgramQuestion,
    Question,
    Response,
    ResponseChannel,
    ResponseKind,
)
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.planning.models import Objective
from program_planner.programs.models import Program

COMMENTS_LIKED = [
    "The volunteers were so patient with me.",
    "Finally I can video call my grandchildren!",
    "Small group, lots of practice.",
    "Les explications étaient claires.",
    "Learning how to spot a scam email.",
    "Large-print handouts to take home.",
]
COMMENTS_NEXT = [
    "A follow-up session on online banking, please.",
    "More time to practise with my own phone.",
    "Un atelier sur les photos et le nuage.",
    "Could you offer it in the afternoon?",
]
# headcount, first-timers, observations, per session of "Computer basics for seniors"
SESSION_REPORTS = [
    (12, 7, "Full room. Two learners needed help turning the tablets on; volunteers paired up."),
    (
        11,
        2,
        "Email accounts set up for all. Lots of laughter in the video-call practice.",
    ),
    (10, 1, "One learner missed the bus; we lent her the slides."),
    (12, 1, "Scam-spotting quiz was the highlight. Several asked for a banking session."),
]


def load_demo_evaluation(users) -> None:
    """Give the evaluated demo program a full evaluation, and the scheduled one a form and link."""
    template = db.session.scalar(sa.select(FormTemplate).order_by(FormTemplate.id))
    evaluated = db.session.scalar(
        sa.select(Program).where(Program.title == "Computer basics for seniors")
    )
    scheduled = db.session.scalar(
        sa.select(Program).where(Program.title == "Job search workshop series")
    )
    if template is None or evaluated is None:
        return
    for program in (evaluated, scheduled):
        copy_template(program, template)
        db.session.add(
            EvaluationLink(
                program_id=program.id, kind=ResponseKind.IMMEDIATE, token=secrets.token_urlsafe(16)
            )
        )
    db.session.flush()
    _link_objectives(evaluated)
    _link_objectives(scheduled)
    _responses(evaluated, users)
    _debriefs(evaluated, users)


def _questions(program_id) -> dict:
    rows = db.session.execute(
        sa.select(Question.code, Question)
        .join(ProgramQuestion, ProgramQuestion.question_id == Question.id)
        .where(ProgramQuestion.program_id == program_id)
    ).all()
    return dict(rows)


def _link_objectives(program) -> None:
    """Link each objective to the form questions measuring the same outcome."""
    objectives = db.session.scalars(
        sa.select(Objective).where(Objective.program_id == program.id)
    ).all()
    form = db.session.scalars(
        sa.select(ProgramQuestion).where(ProgramQuestion.program_id == program.id)
    ).all()
    for pq in form:
        pq.objectives = [
            o
            for o in objectives
            if pq.question.outcome_type is not None and pq.question.outcome_type == o.outcome_type
        ]


def _responses(program, users) -> None:
    """Headcounts and a believable spread of online and paper responses for each session."""
    rng = random.Random(2026)
    q = _questions(program.id)
    sessions = db.session.scalars(
        sa.select(Occurrence)
        .where(Occurrence.program_id == program.id)
        .order_by(Occurrence.starts_at)
    ).all()
    for session, (headcount, first, notes) in zip(sessions, SESSION_REPORTS, strict=False):
        db.session.add(
            OccurrenceReport(
                occurrence_id=session.id,
                headcount=headcount,
                first_time_count=first,
                observations=notes,
                recorded_by_id=users["frontline"].id,
            )
        )
        for n in range(headcount - rng.randint(1, 3)):
            paper = n % 3 == 0
            answers = [
                _number(q["learned_new"], rng.choices([5, 4, 3, 2], [50, 35, 10, 5])[0]),
                _number(q["confidence"], rng.choices([5, 4, 3, 2], [40, 40, 15, 5])[0]),
                _number(q["intend_apply"], rng.choices([5, 4, 3], [45, 40, 15])[0]),
                _number(q["aware_resources"], rng.choices([5, 4, 3, 2], [30, 40, 20, 10])[0]),
                _number(q["satisfaction"], rng.choices([5, 4, 3], [65, 30, 5])[0]),
                _number(q["first_time"], 1 if n < first else 0),
            ]
            heard = rng.sample(
                ["newsletter", "partner_networks", "posters", "word_of_mouth"], k=rng.randint(1, 2)
            )
            answers += [Answer(question_id=q["how_heard"].id, value_text=v) for v in heard]
            if rng.random() < 0.5:
                answers.append(
                    Answer(question_id=q["liked_most"].id, value_text=rng.choice(COMMENTS_LIKED))
                )
            if rng.random() < 0.3:
                answers.append(
                    Answer(question_id=q["keep_learning"].id, value_text=rng.choice(COMMENTS_NEXT))
                )
            db.session.add(
                Response(
                    program_id=program.id,
                    occurrence_id=session.id,
                    kind=ResponseKind.IMMEDIATE,
                    channel=ResponseChannel.PAPER if paper else ResponseChannel.ONLINE,
                    language="fr" if n % 7 == 3 else "en",
                    submitted_on=session.ends_at + timedelta(minutes=5 + n),
                    submission_key=secrets.token_urlsafe(24),
                    entered_by_id=users["frontline"].id if paper else None,
                    answers=answers,
                )
            )


def _number(question, value) -> Answer:
    return Answer(question_id=question.id, value_number=Decimal(value))


def _debriefs(program, users) -> None:
    """A presenter's and the programmer's debrief of the evaluated program."""
    objectives = db.session.scalars(
        sa.select(Objective).where(Objective.program_id == program.id).order_by(Objective.position)
    ).all()
    views = [
        (Achievement.YES, "Everyone sent an email and made a video call by week 2."),
        (Achievement.PARTLY, "Most could spot the obvious scams; subtler ones still fool some."),
        (Achievement.YES, "45 attendances over four weeks."),
    ]
    presenter = Debrief(
        program_id=program.id,
        kind=DebriefKind.PRESENTER,
        author_name="Eastview Seniors' Centre volunteer lead",
        what_worked="One volunteer for three learners; large-print handouts.",
        what_to_change="Start at 11:00; keep a spare charger per table.",
        problems="Two tablets would not join the guest Wi-Fi in week 1.",
        would_return="yes",
    )
    staff = Debrief(
        program_id=program.id,
        kind=DebriefKind.STAFF,
        author_id=users["programmer"].id,
        author_name="Priya Natarajan",
        what_worked="Partnering with the seniors' centre filled every seat.",
        what_to_change="Add a fifth session on online banking.",
        problems="",
        would_return="",
        lessons_learned="Keep groups at 12 and book the lab a week earlier.",
    )
    for debrief in (presenter, staff):
        debrief.objectives = [
            DebriefObjective(objective_id=o.id, achieved=a, why=why)
            for o, (a, why) in zip(objectives, views, strict=False)
        ]
        db.session.add(debrief)
