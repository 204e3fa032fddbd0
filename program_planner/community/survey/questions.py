"""The standard questions of the community needs survey, asked through the evaluation kinds.

They are the community survey's own, kept out of the evaluation question bank (a program's form
never offers them): plain Question objects that are never stored, with fixed ids so their form
fields are always q1 … q8. Answers are stored by code in survey_answers.
"""

from dataclasses import dataclass

from program_planner.evaluation.models import Question, QuestionCategory, QuestionType
from program_planner.planning.models import Barrier


def _options(*pairs):
    return [{"value": value, "en": en, "fr": fr} for value, en, fr in pairs]


INTERESTS = _options(
    ("digital", "Computers, phones and the internet", "Ordinateurs, téléphones et internet"),
    ("jobs", "Finding work, résumés and careers", "Recherche d'emploi, CV et carrière"),
    ("language", "Practising English or French", "Pratiquer l'anglais ou le français"),
    ("health", "Health and wellness", "Santé et mieux-être"),
    ("money", "Money, taxes and benefits", "Argent, impôts et prestations"),
    ("arts", "Arts, culture and crafts", "Arts, culture et artisanat"),
    ("reading", "Books, reading and writing", "Livres, lecture et écriture"),
    ("civic", "Community life and your rights", "Vie communautaire et vos droits"),
    ("family", "Parenting and family", "Parentalité et famille"),
)
BARRIERS = _options(
    (Barrier.LANGUAGE.value, "Language", "La langue"),
    (Barrier.TRANSPORT.value, "Getting there (transport)", "Le transport"),
    (Barrier.COST.value, "Cost", "Le coût"),
    (Barrier.ACCESS.value, "Physical access or a disability", "L'accessibilité ou un handicap"),
    (Barrier.SCHEDULE.value, "The times do not suit me", "Les horaires ne me conviennent pas"),
    (Barrier.DIGITAL_SKILLS.value, "Digital skills", "Les compétences numériques"),
)
TIMES = _options(
    ("weekday_morning", "Weekday mornings", "En semaine, le matin"),
    ("weekday_afternoon", "Weekday afternoons", "En semaine, l'après-midi"),
    ("weekday_evening", "Weekday evenings", "En semaine, le soir"),
    ("weekend", "Weekends", "La fin de semaine"),
)
FORMATS = _options(
    ("branch", "In person at a library branch", "En personne, à la bibliothèque"),
    ("community", "In person in my neighbourhood", "En personne, dans mon quartier"),
    ("online_live", "Online, live", "En ligne, en direct"),
    ("recorded", "Recorded, to watch any time", "Enregistré, à regarder quand je veux"),
    ("home", "At home (books by mail, home visits)", "À domicile (livres par la poste, visites)"),
)
LIBRARY_USE = _options(
    ("weekly", "Every week", "Chaque semaine"),
    ("monthly", "About once a month", "Environ une fois par mois"),
    ("rarely", "Less than once a year", "Moins d'une fois par année"),
    ("never", "Never", "Jamais"),
)
USERS = {"weekly", "monthly"}  # the answers of people who use the library
AGE_BANDS = _options(
    ("18_34", "18 to 34", "18 à 34 ans"),
    ("35_54", "35 to 54", "35 à 54 ans"),
    ("55_64", "55 to 64", "55 à 64 ans"),
    ("65_plus", "65 or older", "65 ans ou plus"),
)


@dataclass(frozen=True)
class SurveyItem:
    """One question of the survey as the engine asks it (question + required)."""

    question: Question
    required: bool = False


def _question(number, code, qtype, category, en, fr, choices=()):
    return Question(
        id=number,
        code=f"community.{code}",
        qtype=qtype,
        category=category,
        text_en=en,
        text_fr=fr,
        help_en="",
        help_fr="",
        choices=list(choices),
        standard=True,
        active=True,
    )


MULTI, SINGLE, TEXT = (
    QuestionType.MULTIPLE_CHOICE,
    QuestionType.SINGLE_CHOICE,
    QuestionType.FREE_TEXT,
)
OTHER, DEMO = QuestionCategory.OTHER, QuestionCategory.DEMOGRAPHICS
QUESTIONS = [
    _question(
        1,
        "interests",
        MULTI,
        OTHER,
        "What would you like to learn or do at the library?",
        "Qu'aimeriez-vous apprendre ou faire à la bibliothèque?",
        INTERESTS,
    ),
    _question(
        2,
        "barriers",
        MULTI,
        OTHER,
        "What makes it hard for you to come to library programs?",
        "Qu'est-ce qui vous empêche de participer aux activités de la bibliothèque?",
        BARRIERS,
    ),
    _question(
        3,
        "times",
        MULTI,
        OTHER,
        "When would suit you best?",
        "Quel moment vous conviendrait le mieux?",
        TIMES,
    ),
    _question(
        4,
        "formats",
        MULTI,
        OTHER,
        "How would you like to take part?",
        "Comment aimeriez-vous participer?",
        FORMATS,
    ),
    _question(
        5,
        "library_use",
        SINGLE,
        OTHER,
        "How often do you use the library?",
        "À quelle fréquence utilisez-vous la bibliothèque?",
        LIBRARY_USE,
    ),
    _question(
        6,
        "ideas",
        TEXT,
        OTHER,
        "Is there anything else the library could do for you?",
        "La bibliothèque pourrait-elle faire autre chose pour vous?",
    ),
    _question(
        7, "age_band", SINGLE, DEMO, "Your age (optional)", "Votre âge (facultatif)", AGE_BANDS
    ),
]
ITEMS = [SurveyItem(q) for q in QUESTIONS]
BY_CODE = {q.code: q for q in QUESTIONS}
INTERESTS_CODE, BARRIERS_CODE, LIBRARY_USE_CODE = (
    "community.interests",
    "community.barriers",
    "community.library_use",
)
GROUPS_ID = len(QUESTIONS) + 1  # keyed in from paper as q8, after the standard questions


def groups_question(groups: list[tuple[int, str]], label: str) -> Question:
    """Return "which groups describe you" as a multiple choice over the active target groups
    (for keying paper forms by number; the public form asks it with its own field)."""
    question = _question(GROUPS_ID, "groups", MULTI, DEMO, label, label)
    question.choices = [{"value": str(gid), "en": name, "fr": name} for gid, name in groups]
    return question
