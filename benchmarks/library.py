"""The benchmark's library system, row by row: catalogues, then each program and its evaluation."""

import math
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

GENERATOR_VERSION = "5"  # 5: annual statistics cells filled by refresh_all
SEED = 20_260_101
FULL_BRANCHES = 60
FULL_PROGRAMS = 20_000
SESSIONS_PER_PROGRAM = 3
BENCH_COORDINATOR = ("bench_coordinator", "lagoon-thistle-quartz-71")
NOW = datetime(2026, 11, 1, tzinfo=UTC)
FIRST_DAY = datetime(2023, 1, 9, 14, 0, tzinfo=UTC)
CHUNK_PROGRAMS = 500  # programs built and inserted per transaction

PROGRAM_TYPES = [
    "digital_literacy",
    "job_career",
    "health_wellness",
    "newcomers_language",
    "arts_culture",
    "civic_engagement",
    "lifelong_learning",
    "social_recreation",
]
DELIVERY_MODES = ["in_branch"] * 6 + ["off_site"] * 2 + ["online"] * 2 + ["hybrid", "homebound"]
CHANNELS = [
    "website",
    "social_media",
    "newsletter",
    "posters",
    "partner_networks",
    "press",
    "in_branch_display",
    "community_radio",
    "word_of_mouth",
]
TARGET_GROUPS = [
    ("Seniors (65+)", 48500),
    ("Newcomers", 22300),
    ("Job seekers", 9800),
    ("People with disabilities", 31000),
    ("Homebound residents", 2400),
    ("Adults with low literacy", 27000),
    ("Non-English speaking residents", 15600),
    ("Young adults (18-24)", 36000),
    ("Parents and caregivers", 41000),
    ("People who don't use the library yet", 120000),
]
TOPICS = [
    "Computer basics",
    "Resume clinic",
    "Healthy eating",
    "Conversation circle",
    "Watercolour",
    "Know your city council",
    "Local history",
    "Board games night",
    "Online banking safely",
    "Tax filing help",
]
AGE_BANDS = ["under_25", "25_34", "35_44", "45_54", "55_64", "65_74", "75_plus", "prefer_not"]
COMMENTS = [
    "The presenter was patient and clear.",
    "Les explications étaient claires.",
    "More sessions like this, please!",
    "Could you offer it in the evening?",
    "Small group, lots of practice.",
    "Handouts to take home were great.",
    # hostile text the export must keep as plain strings
    '=HYPERLINK("http://example.invalid","click")',
    "+1 would come again",
    "-- not enough chairs",
    "@everyone loved it",
    "\tTabbed\x07 text with a bell",
]
LONG_COMMENT = "Long comment. " * 2900  # ~40,000 characters


def sizes(scale: float) -> dict:
    """Return the numbers of branches and programs at a scale."""
    return {
        "branches": max(4, math.ceil(FULL_BRANCHES * scale)),
        "programs": max(20, round(FULL_PROGRAMS * scale)),
    }


class Generator:
    """Fills an empty, migrated database with a library system of a given scale."""

    def __init__(self, conn, scale: float):
        from program_planner.extensions import db

        self.conn, self.scale = conn, scale
        self.t = {t.name: t for t in db.metadata.sorted_tables}
        self.size = sizes(scale)
        self.ids = {}
        self.rows = {}
        self.counts = {}

    def next_id(self, table: str) -> int:
        self.ids[table] = self.ids.get(table, 0) + 1
        return self.ids[table]

    def add(self, table: str, **row) -> int:
        row.setdefault("id", self.next_id(table))
        self.rows.setdefault(table, []).append(row)
        return row["id"]

    def flush(self) -> None:
        """Insert the buffered rows, parents before children."""
        for table in self.t.values():
            rows = self.rows.pop(table.name, None)
            if rows:
                self.conn.execute(table.insert(), rows)
                self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)

    # -- catalogues -------------------------------------------------------------------------

    def catalogues(self) -> None:
        from program_planner.auth.models import Role
        from program_planner.auth.passwords import hash_password

        stamp = {"created_at": FIRST_DAY, "updated_at": FIRST_DAY}
        password_hash = hash_password(BENCH_COORDINATOR[1])
        self.branch_ids = []
        self.rooms = {}
        self.programmers = {}
        for b in range(1, self.size["branches"] + 1):
            bid = self.add(
                "branches",
                name=f"Branch {b:03d}",
                code=f"B{b:03d}",
                address="",
                active=True,
                **stamp,
            )
            self.branch_ids.append(bid)
            self.rooms[bid] = [
                self.add(
                    "venues",
                    name=f"Branch {b:03d} room {r}",
                    kind="branch_room",
                    branch_id=bid,
                    address="",
                    capacity=30,
                    accessibility=["step_free"],
                    notes="",
                    active=True,
                    version=1,
                    **stamp,
                )
                for r in (1, 2)
            ]
        users = [(BENCH_COORDINATOR[0], Role.COORDINATOR.value, self.branch_ids[0])]
        users += [(f"bench_prog_{bid}", Role.PROGRAMMER.value, bid) for bid in self.branch_ids]
        for username, role, bid in users:
            uid = self.add(
                "users",
                username=username,
                full_name=username.replace("_", " ").title(),
                email=f"{username}@library.example",
                role=role,
                branch_id=bid,
                password_hash=password_hash,
                session_token=f"bench-{username}",
                active=True,
                must_change_password=False,
                **stamp,
            )
            if role == Role.PROGRAMMER.value:
                self.programmers[bid] = uid
        self.coordinator_id = 1
        self.group_ids = [
            self.add(
                "target_groups",
                name=name,
                description="",
                population_estimate=population,
                population_source="Census 2021",
                population_year=2021,
                active=True,
                **stamp,
            )
            for name, population in TARGET_GROUPS
        ]
        self.flush()
        self.questions = dict(
            self.conn.execute(sa.select(self.t["questions"].c.code, self.t["questions"].c.id)).all()
        )
        self.outcome_of = dict(
            self.conn.execute(
                sa.select(self.t["questions"].c.code, self.t["questions"].c.outcome_type)
            ).all()
        )
        self.ids["questions"] = max(self.questions.values())

    # -- programs ---------------------------------------------------------------------------

    def program(self, k: int) -> None:
        """Add program k (1-based) with everything that hangs off it."""
        rng = random.Random(SEED * 7919 + k)
        bid = self.branch_ids[(k - 1) % len(self.branch_ids)]
        start = FIRST_DAY + timedelta(days=rng.randint(0, 4 * 365 - 40), hours=rng.randint(0, 6))
        past = start + timedelta(weeks=SESSIONS_PER_PROGRAM) < NOW
        if past:
            status = rng.choices(["delivered", "evaluated", "closed", "cancelled"], [2, 5, 3, 0.3])[
                0
            ]
        else:
            status = rng.choices(["draft", "submitted", "approved", "scheduled"], [1, 1, 1, 3])[0]
        stamp = {"created_at": start - timedelta(days=60), "updated_at": start}
        ptype = PROGRAM_TYPES[rng.randrange(len(PROGRAM_TYPES))]
        pid = self.add(
            "programs",
            id=k,
            title=f"{TOPICS[k % len(TOPICS)]} #{k}",
            description="A program of the benchmark library system.",
            branch_id=bid,
            owner_id=self.programmers[bid],
            program_type=ptype,
            delivery_mode=rng.choice(DELIVERY_MODES),
            languages=["en"],
            community_need="Residents asked for it.",
            need_evidence="",
            fiscal_year=start.year,
            status=status,
            submitted_at=None if status == "draft" else stamp["created_at"],
            approved_at=None if status in ("draft", "submitted") else start - timedelta(days=30),
            approved_by_id=self.coordinator_id,
            lessons_learned="Book the room early." if status in ("evaluated", "closed") else "",
            version=1,
            **stamp,
        )
        for gid in rng.sample(self.group_ids, rng.randint(1, 2)):
            self.add(
                "program_target_groups",
                program_id=pid,
                target_group_id=gid,
                expected_reach=rng.randint(10, 60),
                needs="",
                barriers=["schedule"],
                accommodations="",
                version=1,
                **stamp,
            )
        objectives = {}
        specs = [
            ("knowledge", "percent_agree", Decimal(75)),
            ("satisfaction", "mean_rating", Decimal("4.0")),
            ("reach", "total_attendance", Decimal(rng.randint(20, 60))),
        ]
        for position, (outcome, metric, value) in enumerate(specs[: rng.randint(2, 3)], 1):
            objectives[outcome] = self.add(
                "objectives",
                program_id=pid,
                position=position,
                statement=f"Objective {position} of program {k}",
                outcome_type=outcome,
                target_metric=metric,
                target_value=value,
                version=1,
                **stamp,
            )
        for category in rng.sample(["presenter_fee", "materials", "refreshments", "marketing"], 2):
            planned = Decimal(rng.randint(5, 60) * 10)
            self.add(
                "budget_lines",
                program_id=pid,
                category=category,
                funding_source="operating",
                description="",
                planned=planned,
                actual=planned + Decimal(rng.randint(-5, 5) * 10) if past else None,
                version=1,
                **stamp,
            )
        for channel in rng.sample(CHANNELS, 2):
            self.add(
                "promotion_items",
                program_id=pid,
                channel=channel,
                audience="",
                language="en",
                planned_date=(start - timedelta(days=21)).date(),
                status="done" if past else "planned",
                owner="",
                notes="",
                version=1,
                **stamp,
            )
        occurrences = []
        for week in range(SESSIONS_PER_PROGRAM):
            begins = start + timedelta(weeks=week)
            occurrences.append(
                self.add(
                    "occurrences",
                    program_id=pid,
                    starts_at=begins,
                    ends_at=begins + timedelta(hours=2),
                    venue_id=self.rooms[bid][week % 2],
                    online_link="",
                    expected_attendance=20,
                    capacity=30,
                    notes="",
                    version=1,
                    **stamp,
                )
            )
        if status in ("draft", "submitted", "cancelled"):
            return
        self.form(pid, objectives)
        if not past:
            return
        n_responses = rng.randint(5, 18)
        for oid in occurrences:
            headcount = n_responses // SESSIONS_PER_PROGRAM + rng.randint(2, 8)
            self.add(
                "occurrence_reports",
                occurrence_id=oid,
                headcount=headcount,
                first_time_count=rng.randint(0, headcount // 2),
                observations=rng.choice(COMMENTS),
                recorded_by_id=self.programmers[bid],
                version=1,
                **stamp,
            )
        for n in range(n_responses):
            self.response(rng, pid, occurrences[n % len(occurrences)], start, n)
        if status in ("evaluated", "closed"):
            self.debrief(rng, pid, objectives, stamp)

    def form(self, pid: int, objectives: dict) -> None:
        """Put the standard questions on the program's form, linked to its objectives."""
        for position, (code, qid) in enumerate(sorted(self.questions.items()), 1):
            pqid = self.add(
                "program_questions",
                program_id=pid,
                question_id=qid,
                position=position,
                required=False,
                created_at=NOW,
                updated_at=NOW,
            )
            outcome = self.outcome_of.get(code)
            if outcome in objectives:
                self.rows.setdefault("program_question_objectives", []).append(
                    {"program_question_id": pqid, "objective_id": objectives[outcome]}
                )

    def response(self, rng, pid: int, oid: int, start: datetime, n: int) -> None:
        """Add one response with its ~8 answers."""
        kind = "follow_up" if n % 10 == 9 else "immediate"
        rid = self.next_id("responses")
        self.add(
            "responses",
            id=rid,
            program_id=pid,
            occurrence_id=oid,
            kind=kind,
            channel="paper" if n % 3 == 0 else "online",
            language="fr" if n % 7 == 3 else "en",
            submitted_on=start
            + timedelta(hours=2, minutes=5 + n, days=28 if kind != "immediate" else 0),
            submission_key=f"bench-{rid}",
            entered_by_id=None,
            import_batch_id=None,
        )
        q = self.questions
        for code, weights in (
            ("learned_new", [3, 5, 12, 40, 40]),
            ("confidence", [4, 6, 15, 40, 35]),
            ("intend_apply", [3, 5, 17, 40, 35]),
            ("aware_resources", [8, 10, 22, 35, 25]),
            ("satisfaction", [1, 2, 7, 30, 60]),
        ):
            value = rng.choices((1, 2, 3, 4, 5), weights)[0]
            self.answer(rid, q[code], number=value)
        self.answer(rid, q["first_time"], number=int(rng.random() < 0.3))
        for channel in rng.sample(CHANNELS, rng.randint(1, 2)):
            self.answer(rid, q["how_heard"], text=channel)
        if rng.random() < 0.4:
            self.answer(rid, q["liked_most"], text=rng.choice(COMMENTS))
        if rng.random() < 0.2:
            self.answer(rid, q["keep_learning"], text=rng.choice(COMMENTS))
        if rng.random() < 0.3:
            self.answer(rid, q["age_band"], text=rng.choice(AGE_BANDS))
        if pid % 997 == 1 and n == 0:
            self.answer(rid, q["keep_learning"], text=LONG_COMMENT)

    def answer(self, rid: int, qid: int, number=None, text=None) -> None:
        self.add(
            "answers",
            response_id=rid,
            question_id=qid,
            value_number=None if number is None else Decimal(number),
            value_text=text,
        )

    def debrief(self, rng, pid: int, objectives: dict, stamp: dict) -> None:
        did = self.add(
            "debriefs",
            program_id=pid,
            kind="staff",
            link_id=None,
            author_id=None,
            author_name="Bench Programmer",
            what_worked="Partnering filled every seat.",
            what_to_change=rng.choice(["Start earlier.", "Smaller groups.", "=1+1 more chairs"]),
            problems="",
            would_return="",
            lessons_learned="Book the lab a week earlier.",
            **stamp,
        )
        for oid in objectives.values():
            self.add(
                "debrief_objectives",
                debrief_id=did,
                objective_id=oid,
                achieved=rng.choice(["yes", "partly", "no", "unsure"]),
                why="",
            )

    def finish(self) -> None:
        """Align PostgreSQL sequences, gather planner statistics, record the scale."""
        self.flush()
        dialect = self.conn.dialect.name
        if dialect == "postgresql":
            for table in self.t.values():
                if "id" in table.c and isinstance(table.c.id.type, sa.Integer):
                    self.conn.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 1))"
                    )
        self.conn.exec_driver_sql("CREATE TABLE bench_info (key VARCHAR(32), value VARCHAR(64))")
        info = {"scale": f"{self.scale:g}", "version": GENERATOR_VERSION}
        info.update({name: str(count) for name, count in self.counts.items()})
        self.conn.execute(
            sa.text("INSERT INTO bench_info (key, value) VALUES (:key, :value)"),
            [{"key": k, "value": v} for k, v in info.items()],
        )
