"""Demo data: the library system `flask demo load` creates, as plain values (demo.py loads it).

Programs are listed in the order they are created; each names its owner and branch by username
and code, its venues and partner organisations by the keys of VENUES and ORGANISATIONS, and its
other rows as (model, fields) pairs that the loader gives the program's id (and a partner
organisation's id for `partner`).
"""

from decimal import Decimal

from program_planner.auth.models import Role
from program_planner.people.models import PartnerRole, Presenter, ProgramPartner
from program_planner.planning.models import (
    Barrier,
    BudgetCategory,
    CollectionTieIn,
    FundingSource,
    ITItem,
    ITRequest,
    ITStatus,
    OutcomeType,
    PromotionChannel,
    PromotionItem,
    PromotionStatus,
    TargetMetric,
    TieInStatus,
)
from program_planner.programs.models import DeliveryMode, ProgramType, Status
from program_planner.venues.models import Accessibility, VenueKind

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
# the French names French readers see (the catalogue's optional French name)
TARGET_GROUPS_FR = {
    "Seniors (65+)": "Aînés (65 ans et plus)",
    "Newcomers (arrived in the last 5 years)": "Nouveaux arrivants (depuis moins de 5 ans)",
    "Job seekers": "Chercheurs d'emploi",
    "People with disabilities": "Personnes en situation de handicap",
    "Homebound residents": "Personnes confinées à domicile",
    "Adults with low literacy": "Adultes peu alphabétisés",
    "Non-English speaking residents": "Résidents ne parlant pas anglais",
    "Adults and teens together": "Adultes et adolescents ensemble",
    "People who don't use the library yet": "Non-usagers de la bibliothèque",
}
GOALS = [
    "Digital inclusion",
    "Economic opportunity",
    "Welcoming newcomers",
    "Healthy, connected communities",
    "Reach people who don't use the library",
]


VENUES = {
    "cen-a": dict(
        name="Central – Program Room A",
        kind=VenueKind.BRANCH_ROOM,
        branch="CEN",
        capacity=40,
        accessibility=[
            Accessibility.STEP_FREE,
            Accessibility.ELEVATOR,
            Accessibility.ACCESSIBLE_WASHROOM,
            Accessibility.HEARING_LOOP,
            Accessibility.TRANSIT_NEARBY,
        ],
    ),
    "cen-lab": dict(
        name="Central – Computer Lab",
        kind=VenueKind.BRANCH_ROOM,
        branch="CEN",
        capacity=16,
        accessibility=[
            Accessibility.STEP_FREE,
            Accessibility.ELEVATOR,
            Accessibility.ACCESSIBLE_WASHROOM,
        ],
    ),
    "eas": dict(
        name="Eastside – Community Room",
        kind=VenueKind.BRANCH_ROOM,
        branch="EAS",
        capacity=60,
        accessibility=[
            Accessibility.STEP_FREE,
            Accessibility.ACCESSIBLE_WASHROOM,
            Accessibility.TRANSIT_NEARBY,
        ],
    ),
    "riv": dict(
        name="Riverside – Meeting Room",
        kind=VenueKind.BRANCH_ROOM,
        branch="RIV",
        capacity=30,
        accessibility=[Accessibility.STEP_FREE],
    ),
    "nor": dict(
        name="Northgate – Teen Zone",
        kind=VenueKind.BRANCH_ROOM,
        branch="NOR",
        capacity=35,
        accessibility=[Accessibility.STEP_FREE, Accessibility.ACCESSIBLE_WASHROOM],
    ),
    "riverdale": dict(
        name="Riverdale Community Centre – Hall B",
        kind=VenueKind.COMMUNITY,
        address="310 Broadview Avenue",
        capacity=80,
        accessibility=[
            Accessibility.STEP_FREE,
            Accessibility.ELEVATOR,
            Accessibility.ACCESSIBLE_PARKING,
            Accessibility.TRANSIT_NEARBY,
        ],
    ),
}

ORGANISATIONS = {
    "seniors": dict(
        name="Eastview Seniors' Centre",
        contact_name="Ruth Kaplan",
        email="programs@eastviewseniors.example",
    ),
    "employment": dict(
        name="East End Employment Services",
        contact_name="Daniel Mensah",
        email="info@eastendjobs.example",
    ),
    "settlement": dict(name="Riverside Newcomer Settlement Agency", contact_name="Amina Haddad"),
    "health": dict(name="City Public Health – Healthy Aging team", contact_name="Dr. Lena Fischer"),
    "teens": dict(name="Northgate Youth Council"),
}

# target: (group, expected reach, needs, barriers, accommodations); objective: (position,
# statement, outcome type, metric, target value); budget: (category, source, description, planned
# [, actual]); sessions: venue key (None: online), local days, start hour and minute
PROGRAMS = [
    dict(
        owner="programmer",
        branch="CEN",
        status=Status.EVALUATED,
        history=[
            ("create", Status.DRAFT, "programmer", ""),
            ("submit", Status.SUBMITTED, "programmer", ""),
            ("approve", Status.APPROVED, "coordinator", "Strong evidence of need. Approved."),
            ("schedule", Status.SCHEDULED, "programmer", ""),
            ("deliver", Status.DELIVERED, "programmer", "Four sessions held."),
            ("evaluate", Status.EVALUATED, "coordinator", ""),
        ],
        fields=dict(
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
        ),
        goals=["Digital inclusion"],
        targets=[
            (
                "Seniors",
                36,
                "Slow pace, large print, hands-on practice.",
                [Barrier.DIGITAL_SKILLS, Barrier.TRANSPORT],
                "Large-print handouts; sessions at 10:30 after rush hour; loaner tablets.",
            )
        ],
        objectives=[
            (
                1,
                "Participants feel more confident using email and video calls.",
                OutcomeType.CONFIDENCE,
                TargetMetric.PERCENT_AGREE,
                80,
            ),
            (
                2,
                "Participants learn to recognise a phishing message.",
                OutcomeType.KNOWLEDGE,
                TargetMetric.PERCENT_AGREE,
                75,
            ),
            (
                3,
                "Reach at least 40 attendances across the series.",
                OutcomeType.REACH,
                TargetMetric.TOTAL_ATTENDANCE,
                40,
            ),
        ],
        budget=[
            (
                BudgetCategory.MATERIALS,
                FundingSource.OPERATING,
                "Large-print handouts",
                "120.00",
                "96.40",
            ),
            (
                BudgetCategory.REFRESHMENTS,
                FundingSource.FRIENDS,
                "Coffee and cookies",
                "80.00",
                "92.15",
            ),
            (
                BudgetCategory.STAFF_TIME,
                FundingSource.IN_KIND,
                "Librarian preparation (8 h)",
                "320.00",
                "320.00",
            ),
        ],
        sessions=[
            dict(
                venue="cen-lab",
                days=["2026-10-07", "2026-10-14", "2026-10-21", "2026-10-28"],
                hour=10,
                minute=30,
                expected=12,
                capacity=16,
            )
        ],
        rows=[
            (
                ITRequest,
                dict(
                    item=ITItem.LAPTOPS,
                    quantity=12,
                    details="Charged, with large-text accessibility settings",
                    status=ITStatus.READY,
                ),
            ),
            (
                PromotionItem,
                dict(
                    channel=PromotionChannel.NEWSLETTER,
                    audience="Seniors, caregivers",
                    language="en",
                    status=PromotionStatus.DONE,
                    owner="Marketing",
                ),
            ),
            (
                PromotionItem,
                dict(
                    channel=PromotionChannel.PARTNER_NETWORKS,
                    audience="Eastview Seniors' Centre members",
                    language="en",
                    status=PromotionStatus.DONE,
                    owner="Priya Natarajan",
                ),
            ),
            (
                ProgramPartner,
                dict(
                    partner="seniors",
                    role=PartnerRole.PROMOTION,
                    contribution="Promoted the series to its members.",
                ),
            ),
            (
                CollectionTieIn,
                dict(
                    title_or_subject="Computers for seniors (large print)",
                    formats="Large print, DVD",
                    quantity=6,
                    status=TieInStatus.AVAILABLE,
                ),
            ),
        ],
    ),
    dict(
        owner="programmer",
        branch="EAS",
        status=Status.SCHEDULED,
        history=[
            ("create", Status.DRAFT, "programmer", ""),
            ("submit", Status.SUBMITTED, "programmer", ""),
            ("approve", Status.APPROVED, "coordinator", ""),
            ("schedule", Status.SCHEDULED, "programmer", ""),
        ],
        fields=dict(
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
        ),
        goals=["Economic opportunity", "Digital inclusion"],
        targets=[
            (
                "Job seekers",
                45,
                "Evening times; childcare is a barrier for some.",
                [Barrier.SCHEDULE, Barrier.DIGITAL_SKILLS, Barrier.CHILDCARE],
                "Evening sessions; laptops provided; referrals to the settlement agency.",
            )
        ],
        objectives=[
            (
                1,
                "Participants intend to apply what they learned in their search.",
                OutcomeType.APPLICATION,
                TargetMetric.PERCENT_AGREE,
                70,
            ),
            (
                2,
                "At least 45 attendances across the three workshops.",
                OutcomeType.REACH,
                TargetMetric.TOTAL_ATTENDANCE,
                45,
            ),
        ],
        budget=[
            (BudgetCategory.PRESENTER_FEE, FundingSource.GRANT, "Career coach, 3 × 2 h", "600.00"),
            (BudgetCategory.MARKETING, FundingSource.OPERATING, "Posters and flyers", "150.00"),
        ],
        sessions=[
            dict(
                venue="eas",
                days=["2026-12-02", "2026-12-09", "2026-12-16"],
                hour=18,
                minute=30,
                expected=15,
            )
        ],
        rows=[
            (
                ITRequest,
                dict(
                    item=ITItem.LAPTOPS,
                    quantity=15,
                    details="With office suite",
                    status=ITStatus.CONFIRMED,
                ),
            ),
            (ITRequest, dict(item=ITItem.PROJECTOR, quantity=1, status=ITStatus.REQUESTED)),
            (
                PromotionItem,
                dict(
                    channel=PromotionChannel.SOCIAL_MEDIA,
                    audience="Job seekers",
                    language="en",
                    status=PromotionStatus.IN_PROGRESS,
                    owner="Marketing",
                ),
            ),
            (
                ProgramPartner,
                dict(
                    partner="employment",
                    role=PartnerRole.CO_HOST,
                    contribution="Volunteer recruiters for mock interviews.",
                ),
            ),
            (
                Presenter,
                dict(
                    name="Grace Owusu",
                    organisation="Owusu Career Coaching",
                    email="grace@owusucoaching.example",
                    topic="Résumés and interviews",
                    fee=Decimal("600.00"),
                ),
            ),
        ],
    ),
    dict(
        owner="mlopez",
        branch="RIV",
        status=Status.SUBMITTED,
        history=[
            ("create", Status.DRAFT, "mlopez", ""),
            ("submit", Status.SUBMITTED, "mlopez", ""),
        ],
        fields=dict(
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
        ),
        goals=["Welcoming newcomers"],
        targets=[
            (
                "Newcomers",
                30,
                "Practice without pressure; meet people.",
                [Barrier.LANGUAGE, Barrier.AWARENESS, Barrier.CHILDCARE],
                "Volunteers speaking Arabic, Spanish and Tagalog; children welcome.",
            ),
            ("Non-English speaking residents", 15, "", [Barrier.LANGUAGE], "Bilingual flyers."),
        ],
        objectives=[
            (
                1,
                "Participants feel more confident speaking English or French.",
                OutcomeType.CONFIDENCE,
                TargetMetric.PERCENT_AGREE,
                75,
            ),
            (
                2,
                "Participants get to know people in their neighbourhood.",
                OutcomeType.SOCIAL_CONNECTION,
                TargetMetric.PERCENT_AGREE,
                60,
            ),
            (
                3,
                "At least 10 first-time library visitors.",
                OutcomeType.REACH,
                TargetMetric.FIRST_TIME_ATTENDEES,
                10,
            ),
        ],
        budget=[(BudgetCategory.REFRESHMENTS, FundingSource.FRIENDS, "Tea and snacks", "240.00")],
        sessions=[
            dict(
                venue="riv",
                days=["2027-01-13", "2027-01-20", "2027-01-27", "2027-02-03"],
                hour=14,
                expected=18,
            )
        ],
        rows=[
            (
                PromotionItem,
                dict(
                    channel=PromotionChannel.POSTERS,
                    audience="Newcomers",
                    language="fr",
                    status=PromotionStatus.PLANNED,
                    owner="Marketing",
                ),
            ),
            (
                ProgramPartner,
                dict(
                    partner="settlement",
                    role=PartnerRole.REFERRALS,
                    contribution="Refers clients; trains volunteers.",
                ),
            ),
        ],
    ),
    dict(
        owner="programmer",
        branch="NOR",
        status=Status.DRAFT,
        history=[("create", Status.DRAFT, "programmer", "")],
        fields=dict(
            title="Intergenerational gaming night",
            description="Teens teach adults their favourite video and board games; adults "
            "bring the classics.",
            program_type=ProgramType.SOCIAL_RECREATION,
            delivery_mode=DeliveryMode.IN_BRANCH,
            languages=["en"],
            fiscal_year=2027,
            community_need="Teens and older adults rarely meet; both groups report loneliness.",
            need_evidence="Youth Council suggestion; teen advisory group survey.",
        ),
        goals=[],
        targets=[("Adults and teens together", 30, "", [Barrier.AWARENESS], "")],
        objectives=[],
        budget=[],
        sessions=[dict(venue="nor", days=["2027-02-12"], hour=18, expected=30)],
        rows=[(ProgramPartner, dict(partner="teens", role=PartnerRole.CO_HOST))],
    ),
    dict(
        owner="mlopez",
        branch="RIV",
        status=Status.RETURNED,
        history=[
            ("create", Status.DRAFT, "mlopez", ""),
            ("submit", Status.SUBMITTED, "mlopez", ""),
            (
                "return",
                Status.RETURNED,
                "coordinator",
                "Please add an objective about awareness of library health resources, and "
                "confirm the community centre's accessible entrance.",
            ),
        ],
        fields=dict(
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
        ),
        goals=["Healthy, connected communities", "Reach people who don't use the library"],
        targets=[
            (
                "Seniors",
                50,
                "",
                [Barrier.TRANSPORT, Barrier.AWARENESS],
                "Held where seniors already go.",
            ),
            (
                "People who don't use the library yet",
                25,
                "",
                [Barrier.AWARENESS],
                "Library card sign-up table.",
            ),
        ],
        objectives=[
            (
                1,
                "Participants learn at least one way to prevent falls at home.",
                OutcomeType.KNOWLEDGE,
                TargetMetric.PERCENT_AGREE,
                80,
            )
        ],
        budget=[(BudgetCategory.VENUE, FundingSource.PARTNER, "Hall rental (donated)", "0.00")],
        sessions=[dict(venue="riverdale", days=["2027-03-04"], hour=13, expected=60, capacity=80)],
        rows=[(ProgramPartner, dict(partner="health", role=PartnerRole.PRESENTER))],
    ),
    dict(
        owner="programmer",
        branch="EAS",
        status=Status.CANCELLED,
        history=[
            ("create", Status.DRAFT, "programmer", ""),
            ("cancel", Status.CANCELLED, "programmer", "Tax clinic volunteers not available."),
        ],
        fields=dict(
            title="Free tax clinic",
            program_type=ProgramType.LIFELONG_LEARNING,
            delivery_mode=DeliveryMode.IN_BRANCH,
            languages=["en"],
            fiscal_year=2027,
            community_need="Low-income residents pay for simple returns.",
            description="Volunteer-run tax filing help.",
        ),
        goals=[],
        targets=[],
        objectives=[],
        budget=[],
        sessions=[],
        rows=[],
    ),
    dict(
        owner="mlopez",
        branch="RIV",
        status=Status.DECLINED,
        history=[
            ("create", Status.DRAFT, "mlopez", ""),
            ("submit", Status.SUBMITTED, "mlopez", ""),
            (
                "decline",
                Status.DECLINED,
                "coordinator",
                "The city runs the same session that week; let's promote theirs instead.",
            ),
        ],
        fields=dict(
            title="Meet your city councillor",
            program_type=ProgramType.CIVIC_ENGAGEMENT,
            delivery_mode=DeliveryMode.ONLINE,
            languages=["en", "fr"],
            fiscal_year=2027,
            community_need="Residents want to raise local issues.",
        ),
        goals=[],
        targets=[],
        objectives=[
            (
                1,
                "Participants know how to reach their councillor.",
                OutcomeType.AWARENESS,
                TargetMetric.PERCENT_AGREE,
                70,
            )
        ],
        budget=[],
        sessions=[],
        rows=[],
    ),
]
