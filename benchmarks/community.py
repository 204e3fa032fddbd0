"""Community needs and engagement at scale: generated needs, consultations and survey responses,
then the engagement measures, the needs register and the survey results timed like the dashboard.

The rows are added to a generated library on first use (when it has no needs yet), per branch,
so they grow with the system: 8 needs, 24 consultations over the four years, one survey with
60 responses, and every 10th program answering a need of its branch.
"""

import random
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from benchmarks.measure import signed_in_client, time_page

NEEDS_PER_BRANCH = 8
CONSULTATIONS_PER_BRANCH = 24
RESPONSES_PER_BRANCH = 60
INTERESTS = ["digital", "jobs", "language", "health", "money", "arts", "reading"]
BARRIERS = ["language", "transport", "cost", "access", "schedule", "digital_skills"]
USES = ["weekly", "monthly", "rarely", "never"]
HOSTILE = '=HYPERLINK("http://x.example")'


def _insert(conn, table, rows):
    """Insert rows one by one and return their ids in order."""
    ids = []
    for row in rows:
        ids.append(conn.execute(table.insert().returning(table.c.id), row).scalar_one())
    return ids


def add_community_rows(app) -> dict:
    """Add the generated community rows once; return how many of each exist."""
    from program_planner.extensions import db

    md = db.metadata
    t = {name: md.tables[name] for name in md.tables}
    with app.app_context(), db.engine.begin() as conn:
        if conn.scalar(sa.select(sa.func.count()).select_from(t["needs"])):
            return _counts(conn, t)
        branches = conn.scalars(sa.select(t["branches"].c.id).order_by(t["branches"].c.id)).all()
        groups = conn.scalars(sa.select(t["target_groups"].c.id).order_by("id")).all()
        now = datetime(2026, 11, 30, tzinfo=UTC)
        for branch in branches:
            rng = random.Random(branch)  # branch k is the same at every scale
            need_ids = _insert(conn, t["needs"], [
                {"statement": f"{HOSTILE} need {n} of branch {branch}", "details": "",
                 "branch_id": branch, "priority": ["high", "medium", "low"][n % 3],
                 "status": ["identified", "being_addressed", "met", "set_aside"][n % 4],
                 "status_reason": "", "version": 1, "created_at": now, "updated_at": now}
                for n in range(NEEDS_PER_BRANCH)
            ])  # fmt: skip
            conn.execute(t["need_target_groups"].insert(), [
                {"need_id": nid, "target_group_id": groups[i % len(groups)]}
                for i, nid in enumerate(need_ids)
            ])  # fmt: skip
            conn.execute(t["need_changes"].insert(), [
                {"need_id": nid, "field": "status", "from_value": "identified",
                 "to_value": "being_addressed", "comment": "",
                 "occurred_at": now - timedelta(days=rng.randrange(1400))}
                for nid in need_ids
            ])  # fmt: skip
            for c in range(CONSULTATIONS_PER_BRANCH):
                people = rng.randrange(5, 60)
                non_users = rng.randrange(people)
                [cid] = _insert(conn, t["consultations"], [{
                    "kind": ["meeting", "pop_up", "focus_group", "online"][c % 4],
                    "title": f"Consultation {c} of branch {branch}",
                    "held_on": date(2023, 1, 1) + timedelta(days=rng.randrange(1430)),
                    "branch_id": branch, "place": "", "people_total": people,
                    "library_users": people - non_users, "non_users": non_users,
                    "heard": HOSTILE, "version": 1, "created_at": now, "updated_at": now,
                }])  # fmt: skip
                conn.execute(t["consultation_reach"].insert(), [
                    {"consultation_id": cid, "target_group_id": g, "people": people // 2}
                    for g in rng.sample(groups, 2)
                ])  # fmt: skip
                conn.execute(t["consultation_needs"].insert(), [
                    {"consultation_id": cid, "need_id": rng.choice(need_ids)}
                ])  # fmt: skip
            programs = conn.scalars(
                sa.select(t["programs"].c.id).where(t["programs"].c.branch_id == branch)
            ).all()
            answering = [
                {"program_id": pid, "need_id": need_ids[i % len(need_ids)], "how": "",
                 "version": 1, "created_at": now, "updated_at": now}
                for i, pid in enumerate(programs) if pid % 10 == 0
            ]  # fmt: skip
            if answering:
                conn.execute(t["program_needs"].insert(), answering)
            [sid] = _insert(conn, t["community_surveys"], [{
                "title": f"Community needs survey, branch {branch}", "token": f"bench-{branch}",
                "branch_id": branch, "active": True, "created_at": now, "updated_at": now,
            }])  # fmt: skip
            for r in range(RESPONSES_PER_BRANCH):
                use = rng.choice(USES)
                [rid] = _insert(conn, t["survey_responses"], [{
                    "survey_id": sid, "channel": "online", "language": "en",
                    "submitted_on": (now - timedelta(days=rng.randrange(1400))).replace(minute=0),
                    "submission_key": f"bench-{branch}-{r}-survey-key",
                    "library_user": use in ("weekly", "monthly"),
                }])  # fmt: skip
                answers = [("community.library_use", use)]
                answers += [("community.interests", v) for v in rng.sample(INTERESTS, 2)]
                answers += [("community.barriers", v) for v in rng.sample(BARRIERS, 2)]
                conn.execute(t["survey_answers"].insert(), [
                    {"response_id": rid, "question_code": code, "value_text": value}
                    for code, value in answers
                ])  # fmt: skip
                conn.execute(t["survey_response_groups"].insert(), [
                    {"response_id": rid, "target_group_id": rng.choice(groups)}
                ])  # fmt: skip
        return _counts(conn, t)


def _counts(conn, t) -> dict:
    return {
        name: conn.scalar(sa.select(sa.func.count()).select_from(t[name]))
        for name in ("needs", "consultations", "survey_responses", "program_needs")
    }


PAGES = {
    "engagement": "/engagement",
    "needs_register": "/community/needs",
    "survey_results": "/community/surveys/results",
}


def refresh_community_cells(app) -> None:
    """Compute the stored engagement figures and survey results of the bulk-loaded rows (the
    load bypasses the ORM, so nothing marked them); once, when they are missing."""
    from program_planner.community.survey.cells import SurveyCell, refresh_all_surveys
    from program_planner.extensions import db
    from program_planner.reports.engagement.cells import EngagementCell, refresh_all_engagement

    with app.app_context():
        if db.session.scalar(sa.select(EngagementCell.month).limit(1)) is None:
            refresh_all_engagement()
        if db.session.scalar(sa.select(SurveyCell.code).limit(1)) is None:
            refresh_all_surveys()
        db.session.commit()


def measure_community(app, repeat: int = 5) -> dict:
    """Add the community rows if missing, then time the engagement pages."""
    counts = add_community_rows(app)
    refresh_community_cells(app)
    client = signed_in_client(app)
    timed = {
        name: {**time_page(app, client, url, repeat), "url": url} for name, url in PAGES.items()
    }
    timed["community_counts"] = counts
    return timed
