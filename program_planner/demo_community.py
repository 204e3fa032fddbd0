"""Demo data of the community area: a needs register, consultations, programs answering needs."""

from datetime import date, timedelta

import sqlalchemy as sa

from program_planner.auth.models import Branch
from program_planner.community.models import (
    AgreementKind,
    Consultation,
    ConsultationReach,
    ConsultationType,
    EvidenceKind,
    FollowUpAction,
    Need,
    NeedChange,
    NeedEvidence,
    NeedPriority,
    NeedStatus,
    PartnerAgreement,
    ProgramNeed,
)
from program_planner.community.service import ADDRESSING_STATUSES, address_needs
from program_planner.community.survey.models import (
    CommunitySurvey,
    SurveyAnswer,
    SurveyResponse,
    survey_response_groups,
)
from program_planner.community.survey.questions import (
    BARRIERS_CODE,
    INTERESTS_CODE,
    LIBRARY_USE_CODE,
    USERS,
)
from program_planner.db import utcnow
from program_planner.evaluation.models import ResponseChannel
from program_planner.extensions import db
from program_planner.people.models import Organisation
from program_planner.planning.models import TargetGroup
from program_planner.programs.models import Program, StrategicGoal

# statement, groups, branch code (None: whole system), priority, goals, evidence, program
NEEDS = [
    (
        "Newcomers want to practise everyday English and French in a relaxed setting",
        ["Newcomers (arrived in the last 5 years)", "Non-English speaking residents"],
        "RIV",
        NeedPriority.HIGH,
        ["Welcoming newcomers"],
        [
            (
                EvidenceKind.CENSUS,
                "Statistics Canada, Census 2021",
                2021,
                "22,300 residents arrived in the last five years; 1 in 3 in the Riverside area.",
            ),
            (
                EvidenceKind.PARTNER_DATA,
                "Riverside Newcomer Settlement Agency",
                2025,
                "140 clients on the waiting list for LINC classes.",
            ),
        ],
        "Newcomers' conversation circle / Cercle de conversation",
    ),
    (
        "Seniors need hands-on help with email, video calls and online services",
        ["Seniors (65+)"],
        "EAS",
        NeedPriority.HIGH,
        ["Digital inclusion", "Healthy, connected communities"],
        [
            (
                EvidenceKind.DESK_REQUESTS,
                "Eastside Branch desk log",
                2025,
                "About 25 requests a month for help with a phone or tablet.",
            ),
        ],
        "Computer basics for seniors",
    ),
    (
        "Job seekers ask for help with résumés and online applications",
        ["Job seekers"],
        "EAS",
        NeedPriority.MEDIUM,
        ["Economic opportunity"],
        [
            (
                EvidenceKind.PARTNER_DATA,
                "East End Employment Services",
                2025,
                "Half of their clients apply online without a current résumé.",
            ),
        ],
        "Job search workshop series",
    ),
    (
        "Homebound residents cannot reach library programs or materials",
        ["Homebound residents", "People with disabilities"],
        None,
        NeedPriority.HIGH,
        ["Reach people who don't use the library", "Healthy, connected communities"],
        [
            (
                EvidenceKind.PARTNER_DATA,
                "Regional home care agency",
                2024,
                "2,400 clients are homebound; few know about home delivery.",
            ),
        ],
        None,
    ),
]


def _by_name(model, names):
    rows = db.session.scalars(sa.select(model).where(model.name.in_(names))).all()
    return [r for r in rows]


def load_demo_community(users) -> None:
    """Add the demo register and consultations (called once, from load_demo)."""
    coordinator, programmer = users["coordinator"], users["programmer"]
    frontline = users["frontline"]
    branches = {b.code: b for b in db.session.scalars(sa.select(Branch))}
    needs = []
    for statement, groups, code, priority, goals, evidence, title in NEEDS:
        need = Need(
            statement=statement,
            branch_id=branches[code].id if code else None,
            priority=priority,
            status=NeedStatus.IDENTIFIED,
            owner_id=coordinator.id,
            created_by_id=coordinator.id,
            target_groups=_by_name(TargetGroup, groups),
            strategic_goals=_by_name(StrategicGoal, goals),
        )
        db.session.add(need)
        db.session.flush()
        db.session.add(
            NeedChange(
                need_id=need.id, field="created", to_value=statement, actor_id=coordinator.id
            )
        )
        for kind, source, year, summary in evidence:
            db.session.add(
                NeedEvidence(
                    need_id=need.id,
                    kind=kind,
                    source=source,
                    year=year,
                    summary=summary,
                    added_by_id=coordinator.id,
                )
            )
        program = (
            db.session.scalar(sa.select(Program).where(Program.title == title)) if title else None
        )
        if program is not None:
            db.session.add(ProgramNeed(program_id=program.id, need_id=need.id))
            db.session.flush()
            if program.status in ADDRESSING_STATUSES:
                address_needs(program.id, program.owner_id)
        needs.append(need)
    today = date.today()
    groups = {g.name: g for g in db.session.scalars(sa.select(TargetGroup))}
    orgs = {o.name: o for o in db.session.scalars(sa.select(Organisation))}
    consultations = [
        Consultation(
            kind=ConsultationType.MEETING,
            title="Eastside neighbourhood meeting at the community centre",
            held_on=today - timedelta(days=75),
            branch_id=branches["EAS"].id,
            place="Danforth Community Centre, hall B",
            people_total=34,
            library_users=21,
            non_users=13,
            heard=(
                "Older residents asked for patient, small-group help with phones and tablets, "
                "in the daytime. Several people looking for work had never written a résumé."
            ),
            created_by_id=programmer.id,
            needs=[needs[1], needs[2]],
            organisations=[orgs["Eastview Seniors' Centre"]],
            reach=[
                ConsultationReach(target_group_id=groups["Seniors (65+)"].id, people=16),
                ConsultationReach(target_group_id=groups["Job seekers"].id, people=7),
            ],
            actions=[
                FollowUpAction(
                    action="Share the meeting notes with the seniors' centre",
                    owner_id=programmer.id,
                    due_on=today - timedelta(days=60),
                )
            ],
        ),
        Consultation(
            kind=ConsultationType.FOCUS_GROUP,
            title="Focus group with newcomers at the settlement agency",
            held_on=today - timedelta(days=120),
            branch_id=branches["RIV"].id,
            place="Riverside Newcomer Settlement Agency",
            people_total=11,
            library_users=3,
            non_users=8,
            heard="Conversation practice matters more than grammar; evenings work best.",
            created_by_id=users["mlopez"].id,
            needs=[needs[0]],
            organisations=[orgs["Riverside Newcomer Settlement Agency"]],
            reach=[
                ConsultationReach(
                    target_group_id=groups["Newcomers (arrived in the last 5 years)"].id, people=11
                )
            ],
        ),
        Consultation(
            kind=ConsultationType.POP_UP,
            title="Pop-up table at the Riverside farmers' market",
            held_on=today - timedelta(days=30),
            branch_id=branches["RIV"].id,
            place="Riverside farmers' market",
            people_total=58,
            library_users=25,
            non_users=33,
            heard="Many did not know the library delivers books to people who cannot come in.",
            created_by_id=frontline.id,
            needs=[needs[3]],
            reach=[
                ConsultationReach(
                    target_group_id=groups["People who don't use the library yet"].id, people=33
                )
            ],
        ),
        Consultation(
            kind=ConsultationType.INTERVIEW,
            title="Interview with the home care agency's outreach lead",
            held_on=today - timedelta(days=14),
            branch_id=branches["CEN"].id,
            people_total=1,
            library_users=1,
            non_users=0,
            heard="Clients would welcome a phone-in book club and large-print deliveries.",
            created_by_id=coordinator.id,
            needs=[needs[3]],
            actions=[
                FollowUpAction(
                    action="Draft a homebound delivery and phone-in program proposal",
                    owner_id=coordinator.id,
                    due_on=today + timedelta(days=30),
                )
            ],
        ),
    ]
    db.session.add_all(consultations)
    db.session.flush()
    _demo_agreements(orgs, coordinator, programmer, today)
    _demo_survey(coordinator, frontline)


# (interests, barriers, library use, target group) of the demo survey's answers, cycled
SURVEY_ANSWERS = [
    (["digital"], ["digital_skills", "schedule"], "weekly", "Seniors (65+)"),
    (
        ["language", "jobs"],
        ["language", "cost"],
        "never",
        "Newcomers (arrived in the last 5 years)",
    ),
    (["jobs", "digital"], ["transport"], "rarely", "Job seekers"),
    (["reading", "health"], ["access", "transport"], "monthly", "Homebound residents"),
    (["arts", "family"], ["schedule"], "monthly", None),
    (["money", "civic"], ["cost", "language"], "never", "Non-English speaking residents"),
]


def _demo_agreements(orgs, coordinator, programmer, today) -> None:
    """Three agreements: one open-ended, one ending within weeks, one that has lapsed."""
    db.session.add_all(
        [
            PartnerAgreement(
                organisation_id=orgs["Riverside Newcomer Settlement Agency"].id,
                kind=AgreementKind.MOU,
                title="Conversation circles and newcomer referrals",
                starts_on=today - timedelta(days=420),
                ends_on=None,
                note="Signed by the CEO and the agency's director; reviewed each September.",
                recorded_by_id=coordinator.id,
            ),
            PartnerAgreement(
                organisation_id=orgs["Eastview Seniors' Centre"].id,
                kind=AgreementKind.SPACE_USE,
                title="Tech help drop-ins in the centre's lounge, Tuesday mornings",
                starts_on=today - timedelta(days=330),
                ends_on=today + timedelta(days=35),
                note="Renewal to discuss with Ruth Kaplan before it ends.",
                recorded_by_id=programmer.id,
            ),
            PartnerAgreement(
                organisation_id=orgs["East End Employment Services"].id,
                kind=AgreementKind.DATA_SHARING,
                title="Counts of job seekers referred to résumé clinics (no names)",
                starts_on=today - timedelta(days=800),
                ends_on=today - timedelta(days=70),
                recorded_by_id=coordinator.id,
            ),
        ]
    )
    db.session.flush()


def _demo_survey(coordinator, frontline) -> None:
    """Add a community survey with 36 responses, online and keyed in from paper."""
    survey = CommunitySurvey(
        title="Community needs survey 2026",
        token="demo-community-survey-2026",  # noqa: S106 - a public link, not a secret
        created_by_id=coordinator.id,
    )
    db.session.add(survey)
    db.session.flush()
    groups = {g.name: g.id for g in db.session.scalars(sa.select(TargetGroup))}
    for i in range(36):
        interests, barriers, use, group = SURVEY_ANSWERS[i % len(SURVEY_ANSWERS)]
        answers = [SurveyAnswer(question_code=INTERESTS_CODE, value_text=v) for v in interests]
        answers += [SurveyAnswer(question_code=BARRIERS_CODE, value_text=v) for v in barriers]
        answers.append(SurveyAnswer(question_code=LIBRARY_USE_CODE, value_text=use))
        paper = i % 3 == 0
        response = SurveyResponse(
            survey_id=survey.id,
            channel=ResponseChannel.PAPER if paper else ResponseChannel.ONLINE,
            language="fr" if i % 4 == 0 else "en",
            submission_key=f"demo-survey-{i:04d}-key",
            library_user=use in USERS,
            entered_by_id=frontline.id if paper else None,
            submitted_on=utcnow() - timedelta(days=40 - i),
            answers=answers,
        )
        db.session.add(response)
        db.session.flush()
        if group in groups:
            db.session.execute(
                survey_response_groups.insert(),
                {"response_id": response.id, "target_group_id": groups[group]},
            )
