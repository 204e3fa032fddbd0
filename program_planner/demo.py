"""Demo data: a small library system with staff, catalogues and programs in every state."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from program_planner.admin.service import save_branch
from program_planner.auth import service as accounts
from program_planner.auth.models import Branch, Role
from program_planner.demo_community import load_demo_community
from program_planner.demo_evaluation import load_demo_evaluation
from program_planner.evaluation.builder.service import ensure_standard_questions
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.people.models import Organisation, PartnerRole, Presenter, ProgramPartner
from program_planner.planning.models import (
    Barrier,
    BudgetCategory,
    BudgetLine,
    CollectionTieIn,
    FundingSource,
    ITItem,
    ITRequest,
    ITStatus,
    Objective,
    OutcomeType,
    ProgramTargetGroup,
    PromotionChannel,
    PromotionItem,
    PromotionStatus,
    TargetGroup,
    TargetMetric,
    TieInStatus,
)
from program_planner.programs.models import (
    DeliveryMode,
    Program,
    ProgramType,
    Status,
    StatusChange,
    StrategicGoal,
)
from program_planner.venues.models import Accessibility, Venue, VenueKind

DEMO_BRANCHES = [
    ("Central Library", "CEN", "100 Queen Street"),
    ("Eastside Branch", "EAS", "2450 Danforth Avenue"),
    ("Riverside Branch", "RIV", "15 Mill Road"),
    ("Northgate Branch", "NOR", "780 Northgate Boulevard"),
]

# username, password, role, full name, branch code
DEMO_ACCOUNTS = [
    ("admin", "tulip-harbour-violin-42", Role.ADMIN, "Alex Admin", "CEN"),
    ("coordinator", "maple-lantern-orbit-17", Role.COORDINATOR, "Chantal Côté", "CEN"),
    ("programmer", "copper-meadow-kite-85", Role.PROGRAMMER, "Priya Natarajan", "EAS"),
    ("frontline", "saffron-canoe-ribbon-63", Role.FRONTLINE, "Frank Osei", "RIV"),
    ("mlopez", "juniper-atlas-pepper-58", Role.PROGRAMMER, "María López", "RIV"),
]

TARGET_GROUPS = [
    ("Seniors (65+)", 48500, "Statistics Canada, Census 2021", 2021),
    ("Newcomers (arrived in the last 5 years)", 22300, "Statistics Canada, Census 2021", 2021),
    ("Job seekers", 9800, "Labour Force Survey, regional estimate", 2025),
    ("People with disabilities", 31000, "Canadian Survey on Disability", 2022),
    ("Homebound residents", 2400, "Regional home care agency", 2024),
    ("Adults with low literacy", 27000, "PIAAC survey, provincial share", 2023),
    ("Non-English speaking residents", 15600, "Census 2021, knowledge of official languages", 2021),
    ("Adults and teens together", None, "", None),
    ("People who don't use the library yet", 120000, "Card-holder analysis by the library", 2025),
]
GOALS = [
    "Digital inclusion",
    "Economic opportunity",
    "Welcoming newcomers",
    "Healthy, connected communities",
    "Reach people who don't use the library",
]


def load_demo() -> bool:
    """Create the demo library system unless it exists; return whether it created anything."""
    if db.session.scalar(sa.select(Branch.id).where(Branch.code == "CEN")):
        return False
    branches = {
        code: save_branch(None, None, name=name, code=code, address=address, active=True)
        for name, code, address in DEMO_BRANCHES
    }
    users = {}
    for username, password, role, full_name, code in DEMO_ACCOUNTS:
        users[username] = accounts.create_user(
            None,
            username=username,
            full_name=full_name,
            email=f"{username}@library.example",
            role=role,
            branch=branches[code],
            password=password,
            must_change_password=False,
        )
    _Demo(branches, users).build()
    ensure_standard_questions()
    load_demo_evaluation(users)
    load_demo_community(users)
    return True


class _Demo:
    """Builds the demo catalogues and programs."""

    def __init__(self, branches, users):
        self.branches, self.users = branches, users
        self.zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])

    def local(self, day: str, hour: int, minute: int = 0) -> datetime:
        """Return a local wall-clock time as aware UTC."""
        naive = datetime.fromisoformat(day).replace(hour=hour, minute=minute)
        return naive.replace(tzinfo=self.zone).astimezone(UTC)

    def build(self):
        self.groups = {}
        for name, population, source, year in TARGET_GROUPS:
            group = TargetGroup(
                name=name,
                population_estimate=population,
                population_source=source,
                population_year=year,
            )
            db.session.add(group)
            self.groups[name.split(" (")[0]] = group
        self.goals = {name: StrategicGoal(name=name) for name in GOALS}
        db.session.add_all(self.goals.values())
        b = self.branches
        a = Accessibility
        self.venues = {
            "cen-a": Venue(
                name="Central – Program Room A",
                kind=VenueKind.BRANCH_ROOM,
                branch=b["CEN"],
                capacity=40,
                accessibility=[
                    a.STEP_FREE,
                    a.ELEVATOR,
                    a.ACCESSIBLE_WASHROOM,
                    a.HEARING_LOOP,
                    a.TRANSIT_NEARBY,
                ],
            ),
            "cen-lab": Venue(
                name="Central – Computer Lab",
                kind=VenueKind.BRANCH_ROOM,
                branch=b["CEN"],
                capacity=16,
                accessibility=[a.STEP_FREE, a.ELEVATOR, a.ACCESSIBLE_WASHROOM],
            ),
            "eas": Venue(
                name="Eastside – Community Room",
                kind=VenueKind.BRANCH_ROOM,
                branch=b["EAS"],
                capacity=60,
                accessibility=[a.STEP_FREE, a.ACCESSIBLE_WASHROOM, a.TRANSIT_NEARBY],
            ),
            "riv": Venue(
                name="Riverside – Meeting Room",
                kind=VenueKind.BRANCH_ROOM,
                branch=b["RIV"],
                capacity=30,
                accessibility=[a.STEP_FREE],
            ),
            "nor": Venue(
                name="Northgate – Teen Zone",
                kind=VenueKind.BRANCH_ROOM,
                branch=b["NOR"],
                capacity=35,
                accessibility=[a.STEP_FREE, a.ACCESSIBLE_WASHROOM],
            ),
            "riverdale": Venue(
                name="Riverdale Community Centre – Hall B",
                kind=VenueKind.COMMUNITY,
                address="310 Broadview Avenue",
                capacity=80,
                accessibility=[a.STEP_FREE, a.ELEVATOR, a.ACCESSIBLE_PARKING, a.TRANSIT_NEARBY],
            ),
        }
        db.session.add_all(self.venues.values())
        self.orgs = {
            "seniors": Organisation(
                name="Eastview Seniors' Centre",
                contact_name="Ruth Kaplan",
                email="programs@eastviewseniors.example",
            ),
            "employment": Organisation(
                name="East End Employment Services",
                contact_name="Daniel Mensah",
                email="info@eastendjobs.example",
            ),
            "settlement": Organisation(
                name="Riverside Newcomer Settlement Agency", contact_name="Amina Haddad"
            ),
            "health": Organisation(
                name="City Public Health – Healthy Aging team", contact_name="Dr. Lena Fischer"
            ),
            "teens": Organisation(name="Northgate Youth Council"),
        }
        db.session.add_all(self.orgs.values())
        db.session.flush()
        self.computer_basics()
        self.job_search()
        self.conversation_circle()
        self.gaming_night()
        self.health_talk()
        self.small_ones()

    def program(self, owner, branch, status, history, **fields):
        """Add a program with the status changes that brought it where it is."""
        program = Program(
            owner_id=self.users[owner].id,
            branch_id=self.branches[branch].id,
            status=status,
            **fields,
        )
        db.session.add(program)
        db.session.flush()
        previous = None
        for action, to_status, actor, comment in history:
            db.session.add(
                StatusChange(
                    program_id=program.id,
                    from_status=previous,
                    to_status=to_status,
                    action=action,
                    actor_id=self.users[actor].id,
                    comment=comment,
                )
            )
            previous = to_status
            if to_status == Status.APPROVED:
                program.approved_by_id = self.users[actor].id
                program.approved_at = datetime.now(UTC)
        return program

    def target(self, program, group, reach, needs, barriers, accommodations):
        db.session.add(
            ProgramTargetGroup(
                program_id=program.id,
                target_group_id=self.groups[group].id,
                expected_reach=reach,
                needs=needs,
                barriers=barriers,
                accommodations=accommodations,
            )
        )

    def objective(self, program, position, statement, outcome, metric, value):
        db.session.add(
            Objective(
                program_id=program.id,
                position=position,
                statement=statement,
                outcome_type=outcome,
                target_metric=metric,
                target_value=Decimal(value),
            )
        )

    def budget(self, program, category, source, description, planned, actual=None):
        db.session.add(
            BudgetLine(
                program_id=program.id,
                category=category,
                funding_source=source,
                description=description,
                planned=Decimal(planned),
                actual=None if actual is None else Decimal(actual),
            )
        )

    def sessions(self, program, venue, days, hour, minute=0, length=2, expected=20, capacity=None):
        for day in days:
            start = self.local(day, hour, minute)
            db.session.add(
                Occurrence(
                    program_id=program.id,
                    starts_at=start,
                    ends_at=start + timedelta(hours=length),
                    venue_id=self.venues[venue].id if venue else None,
                    online_link="" if venue else "https://meet.library.example/circle",
                    expected_attendance=expected,
                    capacity=capacity or (self.venues[venue].capacity if venue else 100),
                )
            )

    def computer_basics(self):
        S = Status
        p = self.program(
            "programmer",
            "CEN",
            S.EVALUATED,
            [
                ("create", S.DRAFT, "programmer", ""),
                ("submit", S.SUBMITTED, "programmer", ""),
                ("approve", S.APPROVED, "coordinator", "Strong evidence of need. Approved."),
                ("schedule", S.SCHEDULED, "programmer", ""),
                ("deliver", S.DELIVERED, "programmer", "Four sessions held."),
                ("evaluate", S.EVALUATED, "coordinator", ""),
            ],
            title="Computer basics for seniors",
            description="A four-week, hands-on series: using a tablet or laptop, email, video "
            "calls with family, and staying safe from online scams. Small groups, "
            "one volunteer for every three learners.",
            program_type=ProgramType.DIGITAL_LITERACY,
            delivery_mode=DeliveryMode.IN_BRANCH,
            languages=["en"],
            fiscal_year=2026,
            community_need="Many seniors in the Central catchment cannot use email or video "
            "calls, which cuts them off from family, health services and "
            "government services that moved online.",
            need_evidence="Over 120 requests for one-on-one tech help at the Central desk in "
            "2025; 2021 census: 18 % of residents are 65+; Eastview Seniors' "
            "Centre survey of its members.",
            lessons_learned="Keep groups at 12. Large-print handouts were the most appreciated "
            "material. Start 30 minutes later: morning transit is hard.",
        )
        p.strategic_goals = [self.goals["Digital inclusion"]]
        self.target(
            p,
            "Seniors",
            36,
            "Slow pace, large print, hands-on practice.",
            [Barrier.DIGITAL_SKILLS, Barrier.TRANSPORT],
            "Large-print handouts; sessions at 10:30 after rush hour; loaner tablets.",
        )
        self.objective(
            p,
            1,
            "Participants feel more confident using email and video calls.",
            OutcomeType.CONFIDENCE,
            TargetMetric.PERCENT_AGREE,
            80,
        )
        self.objective(
            p,
            2,
            "Participants learn to recognise a phishing message.",
            OutcomeType.KNOWLEDGE,
            TargetMetric.PERCENT_AGREE,
            75,
        )
        self.objective(
            p,
            3,
            "Reach at least 40 attendances across the series.",
            OutcomeType.REACH,
            TargetMetric.TOTAL_ATTENDANCE,
            40,
        )
        self.budget(
            p,
            BudgetCategory.MATERIALS,
            FundingSource.OPERATING,
            "Large-print handouts",
            "120.00",
            "96.40",
        )
        self.budget(
            p,
            BudgetCategory.REFRESHMENTS,
            FundingSource.FRIENDS,
            "Coffee and cookies",
            "80.00",
            "92.15",
        )
        self.budget(
            p,
            BudgetCategory.STAFF_TIME,
            FundingSource.IN_KIND,
            "Librarian preparation (8 h)",
            "320.00",
            "320.00",
        )
        self.sessions(
            p,
            "cen-lab",
            ["2026-10-07", "2026-10-14", "2026-10-21", "2026-10-28"],
            10,
            30,
            expected=12,
            capacity=16,
        )
        db.session.add(
            ITRequest(
                program_id=p.id,
                item=ITItem.LAPTOPS,
                quantity=12,
                details="Charged, with large-text accessibility settings",
                status=ITStatus.READY,
            )
        )
        db.session.add_all(
            [
                PromotionItem(
                    program_id=p.id,
                    channel=PromotionChannel.NEWSLETTER,
                    audience="Seniors, caregivers",
                    language="en",
                    status=PromotionStatus.DONE,
                    owner="Marketing",
                ),
                PromotionItem(
                    program_id=p.id,
                    channel=PromotionChannel.PARTNER_NETWORKS,
                    audience="Eastview Seniors' Centre members",
                    language="en",
                    status=PromotionStatus.DONE,
                    owner="Priya Natarajan",
                ),
            ]
        )
        db.session.add(
            ProgramPartner(
                program_id=p.id,
                organisation_id=self.orgs["seniors"].id,
                role=PartnerRole.PROMOTION,
                contribution="Promoted the series to its members.",
            )
        )
        db.session.add(
            CollectionTieIn(
                program_id=p.id,
                title_or_subject="Computers for seniors (large print)",
                formats="Large print, DVD",
                quantity=6,
                status=TieInStatus.AVAILABLE,
            )
        )

    def job_search(self):
        S = Status
        p = self.program(
            "programmer",
            "EAS",
            S.SCHEDULED,
            [
                ("create", S.DRAFT, "programmer", ""),
                ("submit", S.SUBMITTED, "programmer", ""),
                ("approve", S.APPROVED, "coordinator", ""),
                ("schedule", S.SCHEDULED, "programmer", ""),
            ],
            title="Job search workshop series",
            description="Three evening workshops: a résumé that gets read, applying online, "
            "and interview practice with volunteer recruiters.",
            program_type=ProgramType.JOB_CAREER,
            delivery_mode=DeliveryMode.IN_BRANCH,
            languages=["en"],
            fiscal_year=2026,
            community_need="Lay-offs at two east-end plants; many applicants have never applied "
            "online.",
            need_evidence="East End Employment Services referral numbers; waiting list of 23 "
            "for one-on-one résumé help.",
        )
        p.strategic_goals = [self.goals["Economic opportunity"], self.goals["Digital inclusion"]]
        self.target(
            p,
            "Job seekers",
            45,
            "Evening times; childcare is a barrier for some.",
            [Barrier.SCHEDULE, Barrier.DIGITAL_SKILLS, Barrier.CHILDCARE],
            "Evening sessions; laptops provided; referrals to the settlement agency.",
        )
        self.objective(
            p,
            1,
            "Participants intend to apply what they learned in their search.",
            OutcomeType.APPLICATION,
            TargetMetric.PERCENT_AGREE,
            70,
        )
        self.objective(
            p,
            2,
            "At least 45 attendances across the three workshops.",
            OutcomeType.REACH,
            TargetMetric.TOTAL_ATTENDANCE,
            45,
        )
        self.budget(
            p, BudgetCategory.PRESENTER_FEE, FundingSource.GRANT, "Career coach, 3 × 2 h", "600.00"
        )
        self.budget(
            p, BudgetCategory.MARKETING, FundingSource.OPERATING, "Posters and flyers", "150.00"
        )
        self.sessions(p, "eas", ["2026-12-02", "2026-12-09", "2026-12-16"], 18, 30, expected=15)
        db.session.add(
            ITRequest(
                program_id=p.id,
                item=ITItem.LAPTOPS,
                quantity=15,
                details="With office suite",
                status=ITStatus.CONFIRMED,
            )
        )
        db.session.add(
            ITRequest(program_id=p.id, item=ITItem.PROJECTOR, quantity=1, status=ITStatus.REQUESTED)
        )
        db.session.add(
            PromotionItem(
                program_id=p.id,
                channel=PromotionChannel.SOCIAL_MEDIA,
                audience="Job seekers",
                language="en",
                status=PromotionStatus.IN_PROGRESS,
                owner="Marketing",
            )
        )
        db.session.add(
            ProgramPartner(
                program_id=p.id,
                organisation_id=self.orgs["employment"].id,
                role=PartnerRole.CO_HOST,
                contribution="Volunteer recruiters for mock interviews.",
            )
        )
        db.session.add(
            Presenter(
                program_id=p.id,
                name="Grace Owusu",
                organisation="Owusu Career Coaching",
                email="grace@owusucoaching.example",
                topic="Résumés and interviews",
                fee=Decimal("600.00"),
            )
        )

    def conversation_circle(self):
        S = Status
        p = self.program(
            "mlopez",
            "RIV",
            S.SUBMITTED,
            [("create", S.DRAFT, "mlopez", ""), ("submit", S.SUBMITTED, "mlopez", "")],
            title="Newcomers' conversation circle / Cercle de conversation",
            description="Weekly informal conversation practice in English and in French, led "
            "by trained volunteers, with tea and a different everyday topic each "
            "week.",
            program_type=ProgramType.NEWCOMERS_LANGUAGE,
            delivery_mode=DeliveryMode.IN_BRANCH,
            languages=["en", "fr"],
            fiscal_year=2027,
            community_need="Newcomers want to practise English and French outside formal "
            "classes and meet neighbours.",
            need_evidence="Settlement agency waiting list; francophone newcomers asked at the "
            "desk for French practice.",
        )
        p.strategic_goals = [self.goals["Welcoming newcomers"]]
        self.target(
            p,
            "Newcomers",
            30,
            "Practice without pressure; meet people.",
            [Barrier.LANGUAGE, Barrier.AWARENESS, Barrier.CHILDCARE],
            "Volunteers speaking Arabic, Spanish and Tagalog; children welcome.",
        )
        self.target(
            p, "Non-English speaking residents", 15, "", [Barrier.LANGUAGE], "Bilingual flyers."
        )
        self.objective(
            p,
            1,
            "Participants feel more confident speaking English or French.",
            OutcomeType.CONFIDENCE,
            TargetMetric.PERCENT_AGREE,
            75,
        )
        self.objective(
            p,
            2,
            "Participants get to know people in their neighbourhood.",
            OutcomeType.SOCIAL_CONNECTION,
            TargetMetric.PERCENT_AGREE,
            60,
        )
        self.objective(
            p,
            3,
            "At least 10 first-time library visitors.",
            OutcomeType.REACH,
            TargetMetric.FIRST_TIME_ATTENDEES,
            10,
        )
        self.budget(
            p, BudgetCategory.REFRESHMENTS, FundingSource.FRIENDS, "Tea and snacks", "240.00"
        )
        self.sessions(
            p, "riv", ["2027-01-13", "2027-01-20", "2027-01-27", "2027-02-03"], 14, expected=18
        )
        db.session.add(
            PromotionItem(
                program_id=p.id,
                channel=PromotionChannel.POSTERS,
                audience="Newcomers",
                language="fr",
                status=PromotionStatus.PLANNED,
                owner="Marketing",
            )
        )
        db.session.add(
            ProgramPartner(
                program_id=p.id,
                organisation_id=self.orgs["settlement"].id,
                role=PartnerRole.REFERRALS,
                contribution="Refers clients; trains volunteers.",
            )
        )

    def gaming_night(self):
        p = self.program(
            "programmer",
            "NOR",
            Status.DRAFT,
            [("create", Status.DRAFT, "programmer", "")],
            title="Intergenerational gaming night",
            description="Teens teach adults their favourite video and board games; adults "
            "bring the classics.",
            program_type=ProgramType.SOCIAL_RECREATION,
            delivery_mode=DeliveryMode.IN_BRANCH,
            languages=["en"],
            fiscal_year=2027,
            community_need="Teens and older adults rarely meet; both groups report loneliness.",
            need_evidence="Youth Council suggestion; teen advisory group survey.",
        )
        self.target(p, "Adults and teens together", 30, "", [Barrier.AWARENESS], "")
        self.sessions(p, "nor", ["2027-02-12"], 18, expected=30)
        db.session.add(
            ProgramPartner(
                program_id=p.id, organisation_id=self.orgs["teens"].id, role=PartnerRole.CO_HOST
            )
        )

    def health_talk(self):
        S = Status
        p = self.program(
            "mlopez",
            "RIV",
            S.RETURNED,
            [
                ("create", S.DRAFT, "mlopez", ""),
                ("submit", S.SUBMITTED, "mlopez", ""),
                (
                    "return",
                    S.RETURNED,
                    "coordinator",
                    "Please add an objective about awareness of library health resources, and "
                    "confirm the community centre's accessible entrance.",
                ),
            ],
            title="Healthy aging talk at Riverdale Community Centre",
            description="A public health nurse on falls prevention, medication safety and "
            "staying active; library staff bring health collections and sign up "
            "new card holders.",
            program_type=ProgramType.HEALTH_WELLNESS,
            delivery_mode=DeliveryMode.OFF_SITE,
            languages=["en"],
            fiscal_year=2027,
            community_need="Falls are the first cause of injury among seniors here; many "
            "don't use the library.",
            need_evidence="Public Health falls report 2025.",
        )
        p.strategic_goals = [
            self.goals["Healthy, connected communities"],
            self.goals["Reach people who don't use the library"],
        ]
        self.target(
            p,
            "Seniors",
            50,
            "",
            [Barrier.TRANSPORT, Barrier.AWARENESS],
            "Held where seniors already go.",
        )
        self.target(
            p,
            "People who don't use the library yet",
            25,
            "",
            [Barrier.AWARENESS],
            "Library card sign-up table.",
        )
        self.objective(
            p,
            1,
            "Participants learn at least one way to prevent falls at home.",
            OutcomeType.KNOWLEDGE,
            TargetMetric.PERCENT_AGREE,
            80,
        )
        self.budget(p, BudgetCategory.VENUE, FundingSource.PARTNER, "Hall rental (donated)", "0.00")
        self.sessions(p, "riverdale", ["2027-03-04"], 13, expected=60, capacity=80)
        db.session.add(
            ProgramPartner(
                program_id=p.id, organisation_id=self.orgs["health"].id, role=PartnerRole.PRESENTER
            )
        )

    def small_ones(self):
        S = Status
        p = self.program(
            "programmer",
            "EAS",
            S.CANCELLED,
            [
                ("create", S.DRAFT, "programmer", ""),
                ("cancel", S.CANCELLED, "programmer", "Tax clinic volunteers not available."),
            ],
            title="Free tax clinic",
            program_type=ProgramType.LIFELONG_LEARNING,
            delivery_mode=DeliveryMode.IN_BRANCH,
            languages=["en"],
            fiscal_year=2027,
            community_need="Low-income residents pay for simple returns.",
        )
        p.description = "Volunteer-run tax filing help."
        q = self.program(
            "mlopez",
            "RIV",
            S.DECLINED,
            [
                ("create", S.DRAFT, "mlopez", ""),
                ("submit", S.SUBMITTED, "mlopez", ""),
                (
                    "decline",
                    S.DECLINED,
                    "coordinator",
                    "The city runs the same session that week; let's promote theirs instead.",
                ),
            ],
            title="Meet your city councillor",
            program_type=ProgramType.CIVIC_ENGAGEMENT,
            delivery_mode=DeliveryMode.ONLINE,
            languages=["en", "fr"],
            fiscal_year=2027,
            community_need="Residents want to raise local issues.",
        )
        self.objective(
            q,
            1,
            "Participants know how to reach their councillor.",
            OutcomeType.AWARENESS,
            TargetMetric.PERCENT_AGREE,
            70,
        )
