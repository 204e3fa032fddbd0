"""Dates and times read one way: one style per language, never seconds (program_planner/i18n.py)."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import render_template_string
from flask_babel import force_locale

from program_planner.i18n import format_clock, format_day, format_when

PACKAGE = Path(__file__).resolve().parent.parent / "program_planner"
MOMENT = datetime(2027, 3, 3, 23, 30, 45, tzinfo=UTC)  # 18:30:45 in Toronto
SECONDS = re.compile(r"\d:\d\d:\d\d")


@pytest.mark.parametrize(
    ("locale", "medium", "full"),
    [
        ("en", "Mar 3, 2027, 6:30\u202fPM", "Wednesday, March 3, 2027, 6:30\u202fPM"),
        ("fr", "3 mars 2027, 18:30", "mercredi 3 mars 2027, 18:30"),
        ("fr_CA", "3 mars 2027, 18 h 30", "mercredi 3 mars 2027, 18 h 30"),
    ],
)
def test_one_style_per_language_without_seconds(app, locale, medium, full):
    with app.test_request_context(), force_locale(locale):
        for style in ("short", "medium"):
            assert format_when(MOMENT, style) == medium
        assert format_when(MOMENT, "full") == full
        assert (
            format_day(MOMENT, "short") == format_day(MOMENT, "medium") == medium.rsplit(", ", 1)[0]
        )
        assert not SECONDS.search(format_clock(MOMENT, "medium"))
        assert format_when(MOMENT, "yyyy-MM-dd HH:mm") == "2027-03-03 18:30"  # a file's format


def test_template_filters_go_through_the_helpers(app):
    template = (
        "{{ t|datetimeformat }}|{{ t|datetimeformat('full') }}|{{ t|datetimeformat('short') }}"
        "|{{ t|timeformat('medium') }}|{{ t|dateformat('short') }}|{{ none|datetimeformat }}"
    )
    with app.test_request_context(headers={"Accept-Language": "en"}):
        text = render_template_string(template, t=MOMENT, none=None)
    assert text == (
        "Mar 3, 2027, 6:30\u202fPM|Wednesday, March 3, 2027, 6:30\u202fPM|Mar 3, 2027, 6:30\u202fPM"
        "|6:30\u202fPM|Mar 3, 2027|"
    )


def test_pages_show_times_without_seconds(clean_app, client, login_as, branch):
    from program_planner.extensions import db
    from tests.factories import make_program

    me = login_as("programmer")
    with clean_app.app_context():
        program_id = make_program(me.id, branch).id
        db.session.commit()
    for language in ("en", "fr"):
        page = client.get(
            f"/programs/{program_id}", headers={"Accept-Language": language}
        ).get_data(as_text=True)
        history = page.split('id="history"', 1)[1]
        assert not SECONDS.search(history)


def test_no_code_shows_a_moment_with_flask_babels_own_styles():
    """Python code formats moments with i18n.format_when, not format_datetime(…, "medium")."""
    pattern = re.compile(
        r"format_datetime\([^)]*\"(short|medium|long|full)\"|format_time\([^)]*\"(medium|long|full)\""
    )
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative == "i18n.py":
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            offenders.append(relative)
    assert offenders == []
