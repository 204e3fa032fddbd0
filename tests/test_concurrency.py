"""A room at once: many clients against a real multi-process, multi-threaded server.

gunicorn serves the production configuration (2 workers × 4 threads) on SQLite and on
PostgreSQL. Clients post the public form (many on one form, and on 20 forms), frontline staff key
paper forms for one session, and staff save plan rows of the same programs, all at the same
time. Afterwards the rows are counted: every accepted post stored exactly once, no 5xx, and a
staff save is either saved or refused as a conflict, never lost silently.
"""

from concurrent.futures import ThreadPoolExecutor

import flask_migrate
import pytest
import sqlalchemy as sa

from benchmarks.html_forms import fields_of
from benchmarks.server import gunicorn_serving
from program_planner import create_app
from program_planner.extensions import db
from tests.conftest import PASSWORD, drop_postgres_database, fresh_postgres_database

httpx = pytest.importorskip("httpx")

FORMS = 20
ROOM = 24  # clients on one form
POSTS_EACH = 4
KEYERS = 4  # frontline staff keying paper forms of one session
PAPER_EACH = 5  # and as many paper community surveys each, keyed by the same staff
EDITORS = ("programmer0", "admin0", "admin1")  # saving the same objective of a draft
EDITS_EACH = 5


def seed(app) -> dict:
    """Create a branch, staff, FORMS programs with an open public link, a paper-entry session."""
    from datetime import UTC, datetime

    from program_planner.admin.service import save_branch
    from program_planner.auth import service as accounts
    from program_planner.auth.models import Role
    from program_planner.community.survey.models import CommunitySurvey
    from program_planner.programs.models import Status
    from tests.evaluation.factories_frontline import make_frontline_program
    from tests.evaluation.factories_public import add_link, add_questions_of_every_type
    from tests.factories import add_objective, make_program
    from tests.occurrences.factories import add_occurrence

    with app.app_context():
        branch = save_branch(None, None, name="Central", code="CEN", address="1 Main", active=True)
        users = {}
        for role in ("programmer", "frontline", "admin"):
            for n in range(KEYERS):
                user = accounts.create_user(
                    None,
                    username=f"{role}{n}",
                    full_name=f"{role} {n}",
                    email=f"{role}{n}@library.example",
                    role=Role(role),
                    branch=branch,
                    password=PASSWORD,
                    must_change_password=False,
                )
                users.setdefault(role, []).append(user)
        db.session.flush()
        owner = users["programmer"][0]
        forms = []
        for i in range(FORMS):
            program = make_program(owner.id, branch.id, status=Status.SCHEDULED, title=f"P{i}")
            add_occurrence(program.id, datetime(2026, 3, 3, 23, 0, tzinfo=UTC))
            questions = add_questions_of_every_type(program.id)
            link = add_link(program.id)
            objective = add_objective(program.id)
            forms.append(
                {
                    "program_id": program.id,
                    "token": link.token,
                    "names": {k: f"q{q.id}" for k, q in questions.items()},
                    "objective_id": objective.id,
                }
            )
        draft = make_program(owner.id, branch.id, title="A draft being planned")
        edited = {"program_id": draft.id, "objective_id": add_objective(draft.id).id}
        db.session.commit()
        paper = make_frontline_program(owner.id, branch.id)
        survey = CommunitySurvey(title="Community needs", token="concurrency-survey-token")
        db.session.add(survey)
        db.session.commit()
        return {"forms": forms, "paper": paper, "edited": edited, "survey_id": survey.id}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request, tmp_path_factory):
    """A seeded database and gunicorn (production config, 2 workers × 4 threads) serving it."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('concurrency') / 'db.sqlite3'}"
    else:
        url = fresh_postgres_database("program_planner_concurrency")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        flask_migrate.upgrade()
    data = seed(app)
    with gunicorn_serving(url) as base:
        yield {"base": base, "app": app, "backend": request.param, **data}
    with app.app_context():
        db.engine.dispose()
    if request.param == "postgresql":
        drop_postgres_database(url)


def client(base):
    return httpx.Client(base_url=base, timeout=120, follow_redirects=False)


def sign_in(base, username):
    http = client(base)
    token = fields_of(http.get("/login").text)["csrf_token"]
    answer = http.post(
        "/login", data={"csrf_token": token, "username": username, "password": PASSWORD}
    )
    assert answer.status_code == 302, answer.text[:300]
    return http


def attendee(base, form, comments):
    """Fill and send one form per comment as a phone would; return (status, comment) pairs."""
    outcomes = []
    with client(base) as http:
        for comment in comments:
            page = http.get(f"/f/{form['token']}")
            assert page.status_code == 200, page.status_code
            data = fields_of(page.text)
            names = form["names"]
            data.update({names["learned"]: "4", names["rating"]: "5", names["comments"]: comment})
            answer = http.post(f"/f/{form['token']}", data=data)
            outcomes.append((answer.status_code, comment))
            if answer.status_code == 302:  # the same post again (a double tap): stored once
                again = http.post(f"/f/{form['token']}", data=data)
                outcomes.append((again.status_code, None))
    return outcomes


def keyer(base, username, occurrence_id, questions, texts):
    """Key paper forms of one session one after another; return statuses."""
    from program_planner.evaluation.models import QuestionType as T

    statuses = []
    http = sign_in(base, username)
    for text in texts:
        page = http.get(f"/occurrences/{occurrence_id}/paper-entry")
        assert page.status_code == 200, page.status_code
        data = fields_of(page.text)
        data[f"q{questions[T.RATING]}"] = "4"
        data[f"q{questions[T.FREE_TEXT]}"] = text
        statuses.append(
            http.post(f"/occurrences/{occurrence_id}/paper-entry", data=data).status_code
        )
    http.close()
    return statuses


def survey_keyer(base, username, survey_id, texts):
    """Key paper community surveys one key per answer, each sent twice; return statuses."""
    statuses = []
    http = sign_in(base, username)
    for text in texts:
        page = http.get(f"/community/surveys/{survey_id}/rapid")
        assert page.status_code == 200, page.status_code
        data = fields_of(page.text)
        data.update({"q1": "13", "q2": "2", "q6": text})
        for _twice in range(2):  # a double Enter: stored once
            answer = http.post(f"/community/surveys/{survey_id}/rapid", data=data)
            statuses.append(answer.status_code)
    http.close()
    return statuses


def editor(base, username, form, n):
    """Open the objective's edit page, change its statement, save; return (status, text, page)."""
    url = f"/programs/{form['program_id']}/objectives/{form['objective_id']}"
    outcomes = []
    http = sign_in(base, username)
    for i in range(n):
        page = http.get(url)
        assert page.status_code == 200, page.status_code
        data = fields_of(page.text)
        text = f"Statement by {username}, save {i}"
        data["statement"] = text
        answer = http.post(url, data=data)
        outcomes.append((answer.status_code, text, answer.text, data.get("version")))
    http.close()
    return outcomes


def rows(app, stmt):
    with app.app_context():
        result = db.session.execute(stmt).all()
        db.session.rollback()
        return result


def test_a_room_on_one_form_and_twenty_forms_and_staff_at_once(server):
    from program_planner.community.survey.models import SurveyAnswer, SurveyResponse
    from program_planner.evaluation.models import Answer, Response, ResponseChannel
    from program_planner.planning.models import Objective

    base, forms, paper = server["base"], server["forms"], server["paper"]
    occurrence = paper["occurrences"][0]
    jobs = []
    with ThreadPoolExecutor(max_workers=ROOM + FORMS + KEYERS + len(EDITORS)) as pool:
        for c in range(ROOM):  # a room on form 0
            comments = [f"room {c}-{i}" for i in range(POSTS_EACH)]
            jobs.append(("public", pool.submit(attendee, base, forms[0], comments)))
        for f in range(1, FORMS):  # one client on each other form
            comments = [f"form {f}-{i}" for i in range(POSTS_EACH)]
            jobs.append(("public", pool.submit(attendee, base, forms[f], comments)))
        for k in range(KEYERS):
            texts = [f"paper {k}-{i}" for i in range(PAPER_EACH)]
            jobs.append(
                (
                    "paper",
                    pool.submit(
                        keyer, base, f"frontline{k}", occurrence, paper["questions"], texts
                    ),
                )
            )
        for k in range(KEYERS):
            texts = [f"survey {k}-{i}" for i in range(PAPER_EACH)]
            args = (base, f"frontline{k}", server["survey_id"], texts)
            jobs.append(("survey", pool.submit(survey_keyer, *args)))
        for name in EDITORS:
            jobs.append(("edit", pool.submit(editor, base, name, server["edited"], EDITS_EACH)))
        results = [(kind, job.result()) for kind, job in jobs]

    public = [o for kind, outcome in results if kind == "public" for o in outcome]
    statuses = [status for status, _comment in public]
    assert all(status < 500 for status in statuses), statuses
    accepted = sorted(comment for status, comment in public if status == 302 and comment)
    assert len(accepted) == (ROOM + FORMS - 1) * POSTS_EACH  # no refusals under load
    app = server["app"]
    stored = sorted(
        text
        for (text,) in rows(
            app,
            sa.select(Answer.value_text)
            .join(Response, Response.id == Answer.response_id)
            .where(Response.channel == ResponseChannel.ONLINE, Answer.value_text.is_not(None)),
        )
    )
    assert stored == accepted  # every accepted post stored exactly once, the repeats not again
    room = rows(
        app,
        sa.select(sa.func.count(Response.id)).where(Response.program_id == forms[0]["program_id"]),
    )[0][0]
    assert room == ROOM * POSTS_EACH

    paper_statuses = [s for kind, outcome in results if kind == "paper" for s in outcome]
    assert paper_statuses == [302] * (KEYERS * PAPER_EACH)
    keyed = rows(
        app,
        sa.select(sa.func.count(Response.id)).where(
            Response.occurrence_id == occurrence, Response.channel == ResponseChannel.PAPER
        ),
    )
    assert keyed[0][0] == KEYERS * PAPER_EACH

    survey_statuses = [s for kind, outcome in results if kind == "survey" for s in outcome]
    assert survey_statuses == [302] * (KEYERS * PAPER_EACH * 2)
    survey_texts = rows(
        app,
        sa.select(SurveyAnswer.value_text)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(
            SurveyResponse.survey_id == server["survey_id"],
            SurveyAnswer.question_code == "community.ideas",
        ),
    )
    expected = [f"survey {k}-{i}" for k in range(KEYERS) for i in range(PAPER_EACH)]
    assert sorted(t for (t,) in survey_texts) == sorted(expected)  # each stored exactly once

    edits = [o for kind, outcome in results if kind == "edit" for o in outcome]
    assert all(status < 500 for status, *_rest in edits), [e[0] for e in edits]
    saved = [(text, seen) for status, text, _page, seen in edits if status == 302]
    refused = [page for status, _text, page, _seen in edits if status != 302]
    assert saved, "no edit was saved"
    assert all("Someone else saved a change" in page for page in refused)
    # a save is accepted only on top of the version its author saw: no two from the same one
    assert len({seen for _text, seen in saved}) == len(saved), saved
    final = rows(
        app,
        sa.select(Objective.statement, Objective.version).where(
            Objective.id == server["edited"]["objective_id"]
        ),
    )[0]
    assert final.statement in {text for text, _seen in saved}
    assert final.version == 1 + len(saved)
