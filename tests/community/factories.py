"""Rows of the community area for tests: a need, a consultation, a program answering the need."""

from datetime import date

from program_planner.community.models import (
    AgreementKind,
    Consultation,
    ConsultationReach,
    ConsultationType,
    EvidenceKind,
    Need,
    NeedEvidence,
    NeedPriority,
    PartnerAgreement,
    ProgramNeed,
)
from program_planner.community.survey.models import CommunitySurvey
from program_planner.extensions import db
from program_planner.people.models import Organisation
from program_planner.planning.models import TargetGroup
from program_planner.programs.models import Program


def make_need(owner_id, branch_id=None, statement="Seniors want help with online banking", **kw):
    """Add a need (flushed) with one piece of evidence."""
    need = Need(
        statement=statement,
        branch_id=branch_id,
        owner_id=owner_id,
        created_by_id=owner_id,
        priority=kw.pop("priority", NeedPriority.HIGH),
        **kw,
    )
    db.session.add(need)
    db.session.flush()
    db.session.add(
        NeedEvidence(
            need_id=need.id,
            kind=EvidenceKind.CENSUS,
            source="Census 2021",
            year=2021,
            summary="18% of residents are 65 or older.",
        )
    )
    db.session.flush()
    return need


def make_consultation(created_by_id, branch_id, needs=(), reach=(), **kw):
    """Add a consultation (flushed): reach is [(target_group_id, people)]."""
    consultation = Consultation(
        kind=kw.pop("kind", ConsultationType.MEETING),
        title=kw.pop("title", "Eastside neighbourhood meeting"),
        held_on=kw.pop("held_on", date(2026, 5, 12)),
        branch_id=branch_id,
        people_total=kw.pop("people_total", 30),
        library_users=kw.pop("library_users", 18),
        non_users=kw.pop("non_users", 12),
        heard=kw.pop("heard", "People asked for evening help with phones."),
        created_by_id=created_by_id,
        needs=list(needs),
        **kw,
    )
    consultation.reach = [ConsultationReach(target_group_id=g, people=n) for g, n in reach]
    db.session.add(consultation)
    db.session.flush()
    return consultation


def make_agreement(organisation_id, recorded_by_id, **kw) -> PartnerAgreement:
    """Add an agreement with the organisation (flushed): a year-long MOU by default."""
    agreement = PartnerAgreement(
        organisation_id=organisation_id,
        recorded_by_id=recorded_by_id,
        kind=kw.pop("kind", AgreementKind.MOU),
        title=kw.pop("title", "Memorandum on shared outreach"),
        starts_on=kw.pop("starts_on", date(2026, 1, 1)),
        ends_on=kw.pop("ends_on", date(2026, 12, 31)),
        **kw,
    )
    db.session.add(agreement)
    db.session.flush()
    return agreement


def add_rows(program_id, ids) -> dict:
    """A need answered by the sample program, and a consultation that raised it."""
    program = db.session.get(Program, program_id)
    need = make_need(program.owner_id, program.branch_id)
    group_id = ids.get("target_groups") or db.session.scalar(db.select(TargetGroup.id))
    consultation = make_consultation(
        program.owner_id, program.branch_id, needs=[need], reach=[(group_id, 9)] if group_id else ()
    )
    organisation = db.session.scalar(db.select(Organisation).order_by(Organisation.id))
    if organisation is None:
        organisation = Organisation(name="Eastview Seniors' Centre")
        db.session.add(organisation)
        db.session.flush()
    consultation.organisations = [organisation]
    link = ProgramNeed(program_id=program_id, need_id=need.id, how="Weekly drop-in help.")
    survey = CommunitySurvey(title="Community needs 2026", token="sample-survey-token-0001")
    agreement = make_agreement(organisation.id, program.owner_id)
    db.session.add_all([link, survey])
    db.session.flush()
    return {
        "agreement_id": agreement.id,
        "need_id": need.id,
        "consultation_id": consultation.id,
        "program_needs": link.id,
        "organisation_id": organisation.id,
        "survey_id": survey.id,
        "community_token": survey.token,
    }
