"""Reading files and matching headers and cells, without HTTP."""

from datetime import date
from decimal import Decimal

import pytest

from program_planner.evaluation.imports import matching
from program_planner.evaluation.imports.reading import ImportFileError, column_letter, read_table
from program_planner.evaluation.models import Question, QuestionCategory, QuestionType
from tests.evaluation.factories_imports import AGES, HEARD, xlsx_bytes


@pytest.fixture
def ctx(app):
    """A request context, so messages can be turned into text."""
    with app.test_request_context():
        yield


def question(qid, qtype, en="Question", fr="Question", **fields):
    return Question(
        id=qid,
        code=fields.pop("code", f"q{qid}"),
        text_en=en,
        text_fr=fr,
        qtype=qtype,
        category=QuestionCategory.OTHER,
        choices=fields.pop("choices", []),
        **fields,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Name\tComment\nAnn\tGood, really; fine\nBob\tOk\n",
        "Name|Comment\nAnn|Good, really; fine\nBob|Ok\n",
        'Name;Comment\nAnn;"Good, really; fine"\nBob;Ok\n',
        '\ufeffName,Comment\r\nAnn,"Good, really; fine"\r\nBob,Ok\r\n',
    ],
)
def test_csv_delimiters_and_encodings(ctx, text):
    for data in (text.encode("utf-8"), text.encode("utf-16")):
        table = read_table(data, "csv")
        assert table.header == ["Name", "Comment"]
        assert table.rows == [["Ann", "Good, really; fine"], ["Bob", "Ok"]]


def test_cp1252_accents_and_ragged_rows(ctx):
    table = read_table("Prénom;Âge;\nÉlise;65 ans ou plus\n".encode("cp1252"), "csv")
    assert table.header == ["Prénom", "Âge", "Column C"]
    assert table.rows == [["Élise", "65 ans ou plus", ""]]
    assert list(table.numbered_rows()) == [(2, ["Élise", "65 ans ou plus", ""])]


def test_xlsx_values_become_text(ctx):
    from datetime import datetime

    data = xlsx_bytes([["When", "Score", "Ok"], [datetime(2027, 3, 3), 4.0, True], [None, 2.5]])
    table = read_table(data, "xlsx")
    assert table.rows == [["2027-03-03", "4", "true"], ["", "2.5", ""]]


def test_unreadable(ctx):
    with pytest.raises(ImportFileError, match="not readable as CSV"):
        read_table(b"\xff\xfe\x00\xd8", "csv")
    assert [column_letter(i) for i in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]


def test_guess_mapping_prefers_the_closest_header(ctx):
    questions = [
        question(1, QuestionType.AGREEMENT, "I learned something new", "J'ai appris"),
        question(2, QuestionType.FREE_TEXT, "Any other comments?", "Autres commentaires ?"),
        question(3, QuestionType.RATING, "Overall rating", "Note globale", code="overall"),
        question(
            4,
            QuestionType.SINGLE_CHOICE,
            "What language do you mostly speak at home?",
            "Quelle langue parlez-vous le plus souvent à la maison ?",
        ),
    ]
    header = [
        "Horodateur",
        "Please tell us [I learned something new]",
        "AUTRES COMMENTAIRES",
        "overall",
        "Comments",
        "Langue",
        "Session date",
        "Date",
    ]
    assert matching.guess_mapping(header, questions) == [
        matching.SENT_AT,  # Google Forms' "Timestamp" in French
        "1",
        "2",
        "3",
        "",
        matching.LANGUAGE,
        matching.SESSION_DATE,
        "",
    ]


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("5", "5"),
        ("1.0", "1"),
        ("Strongly agree", "5"),
        ("  tout à fait D’ACCORD ", "5"),
        ("Ni d'accord ni en désaccord", "3"),
        ("Pas du tout d'accord", "1"),
        ("Disagree", "2"),
        ("N/A", "na"),
        ("Sans objet", "na"),
        ("", None),
    ],
)
def test_agreement_values(ctx, raw, value):
    assert matching.convert(question(1, QuestionType.AGREEMENT), raw) == value


@pytest.mark.parametrize("raw", ["6", "0", "2.5", "Maybe", "agree-ish"])
def test_agreement_refusals(ctx, raw):
    with pytest.raises(matching.CellError, match="agreement scale"):
        matching.convert(question(1, QuestionType.AGREEMENT), raw)


def test_yes_no_choices_numbers_and_text(ctx):
    yes_no = question(1, QuestionType.YES_NO)
    assert [matching.convert(yes_no, v) for v in ("Oui", "NON", "true", "0", "y")] == [
        "1",
        "0",
        "1",
        "0",
        "1",
    ]
    with pytest.raises(matching.CellError, match="not yes or no"):
        matching.convert(yes_no, "peut-être")
    single = question(2, QuestionType.SINGLE_CHOICE, "Age band", choices=AGES)
    assert matching.convert(single, "65 ANS OU PLUS") == "65+"
    assert matching.convert(single, "35-64") == "35-64"
    multiple = question(3, QuestionType.MULTIPLE_CHOICE, "Heard", choices=HEARD)
    labelled = [*HEARD, {"value": "poster", "en": "Poster, flyer", "fr": "Affiche"}]
    with_comma = question(4, QuestionType.MULTIPLE_CHOICE, "Heard", choices=labelled)
    assert matching.convert(multiple, "Social media; Ami ou famille") == ["social", "friend"]
    assert matching.convert(with_comma, "Poster, flyer") == ["poster"]
    assert matching.convert(with_comma, "Poster, flyer;Library website, Social media") == [
        "poster",
        "website",
        "social",
    ]
    with pytest.raises(matching.CellError, match="“Radio” is not a choice of “Heard”"):
        matching.convert(multiple, "Social media, Radio")
    number = question(5, QuestionType.NUMBER, "Count", min_value=Decimal(0))
    assert matching.convert(number, "2,5") == "2.5"
    with pytest.raises(matching.CellError, match="out of range"):
        matching.convert(number, "-1")
    with pytest.raises(matching.CellError, match="out of range"):
        matching.convert(number, "1e30")
    with pytest.raises(matching.CellError, match="not a number"):
        matching.convert(number, "several")
    text = question(6, QuestionType.FREE_TEXT)
    assert matching.convert(text, "\x00 =SUM(A1:A3)\u2028 ") == "=SUM(A1:A3)"
    assert matching.convert(text, "\x07\x1b") is None


def test_languages_and_dates(ctx):
    assert [matching.convert_language(v) for v in ("fr-CA", "Français", "ENGLISH", "")] == [
        "fr",
        "fr",
        "en",
        None,
    ]
    with pytest.raises(matching.CellError, match="not a language"):
        matching.convert_language("Klingon")
    assert matching.candidate_dates("2027-03-04T18:00") == [date(2027, 3, 4)]
    assert matching.candidate_dates("03/04/2027 18:00:00") == [date(2027, 4, 3), date(2027, 3, 4)]
    assert matching.candidate_dates("13/04/2027") == [date(2027, 4, 13)]
    assert matching.candidate_dates("soon") == []


def test_session_dates_read_both_ways_only_when_unambiguous(ctx):
    from program_planner.evaluation.imports.rows import _session

    march10, october3 = date(2027, 3, 10), date(2027, 10, 3)
    assert _session("10/03/2027 19:02", {march10: 1}) == 1
    assert _session("03/10/2027", {march10: 1}) == 1
    assert _session(" ", {march10: 1}) is None
    with pytest.raises(matching.CellError, match="more than one session"):
        _session("03/10/2027", {march10: 1, october3: 2})
    with pytest.raises(matching.CellError, match="no session of this program on 2027-03-11"):
        _session("2027-03-11", {march10: 1})
    with pytest.raises(matching.CellError, match="is not a date"):
        _session("next Tuesday", {march10: 1})
