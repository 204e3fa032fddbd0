"""The standard question bank and the standard form template, in English and French.

The same rows are inserted by the data migration "seed the standard question bank"
(migrations/versions/7b2d5e8f1a30_*.py), by `flask evaluation seed-questions` and by the demo.
Reports find questions by code: first_time (first-time attendees), how_heard (promotion).
"""

import sqlalchemy as sa

from program_planner.evaluation.models import (
    FormTemplate,
    Question,
    QuestionCategory,
    QuestionType,
    TemplateQuestion,
)
from program_planner.extensions import db
from program_planner.planning.models import OutcomeType, PromotionChannel

STANDARD_TEMPLATE_NAME = "Standard program evaluation"
STANDARD_TEMPLATE_DESCRIPTION = (
    "The four outcome questions, satisfaction, comments, how people heard about the program "
    "and optional demographics."
)

# "How did you hear about this program?" offers the promotion channels, so reports can match
# answers to the program's promotion plan.
PROMOTION_CHANNEL_LABELS = {
    PromotionChannel.WEBSITE: (
        "Library website calendar",
        "Calendrier du site Web de la bibliothèque",
    ),
    PromotionChannel.SOCIAL_MEDIA: ("Social media", "Médias sociaux"),
    PromotionChannel.NEWSLETTER: ("Newsletter", "Infolettre"),
    PromotionChannel.POSTERS: ("Posters & flyers", "Affiches et dépliants"),
    PromotionChannel.PARTNER_NETWORKS: ("Partner networks", "Réseaux de nos partenaires"),
    PromotionChannel.PRESS: ("Press", "Presse"),
    PromotionChannel.IN_BRANCH_DISPLAY: ("In-branch display", "Présentoir à la bibliothèque"),
    PromotionChannel.COMMUNITY_RADIO: ("Community radio", "Radio communautaire"),
    PromotionChannel.WORD_OF_MOUTH: ("Word of mouth / staff", "Bouche-à-oreille / personnel"),
}
PREFER_NOT = {"value": "prefer_not", "en": "Prefer not to say", "fr": "Je préfère ne pas répondre"}
AGE_BANDS = [
    {"value": "under_25", "en": "Under 25", "fr": "Moins de 25 ans"},
    {"value": "25_34", "en": "25–34", "fr": "25 à 34 ans"},
    {"value": "35_44", "en": "35–44", "fr": "35 à 44 ans"},
    {"value": "45_54", "en": "45–54", "fr": "45 à 54 ans"},
    {"value": "55_64", "en": "55–64", "fr": "55 à 64 ans"},
    {"value": "65_74", "en": "65–74", "fr": "65 à 74 ans"},
    {"value": "75_plus", "en": "75 or older", "fr": "75 ans et plus"},
    PREFER_NOT,
]
HOME_LANGUAGES = [
    {"value": "en", "en": "English", "fr": "Anglais"},
    {"value": "fr", "en": "French", "fr": "Français"},
    {"value": "es", "en": "Spanish", "fr": "Espagnol"},
    {"value": "ar", "en": "Arabic", "fr": "Arabe"},
    {"value": "zh", "en": "Chinese", "fr": "Chinois"},
    {"value": "pa", "en": "Punjabi", "fr": "Pendjabi"},
    {"value": "tl", "en": "Tagalog", "fr": "Tagalog"},
    {"value": "other", "en": "Other", "fr": "Autre"},
    PREFER_NOT,
]
OPTIONAL_EN = "Optional: answer only if you wish."
OPTIONAL_FR = "Facultatif : répondez seulement si vous le souhaitez."


def _q(code, qtype, category, outcome, en, fr, required=False, help_en="", help_fr="", choices=()):
    return {
        "code": code,
        "qtype": qtype,
        "category": category,
        "outcome_type": outcome,
        "text_en": en,
        "text_fr": fr,
        "help_en": help_en,
        "help_fr": help_fr,
        "choices": list(choices),
        "required": required,
    }


QT, QC, OT = QuestionType, QuestionCategory, OutcomeType
STANDARD_QUESTIONS = [
    _q(
        "learned_new", QT.AGREEMENT, QC.OUTCOME, OT.KNOWLEDGE,
        "I learned something new", "J'ai appris quelque chose de nouveau", required=True,
    ),
    _q(
        "confidence", QT.AGREEMENT, QC.OUTCOME, OT.CONFIDENCE,
        "I feel more confident about what I learned",
        "Je me sens plus en confiance avec ce que j'ai appris", required=True,
    ),
    _q(
        "intend_apply", QT.AGREEMENT, QC.OUTCOME, OT.APPLICATION,
        "I intend to apply what I learned",
        "J'ai l'intention de mettre en pratique ce que j'ai appris", required=True,
    ),
    _q(
        "aware_resources", QT.AGREEMENT, QC.OUTCOME, OT.AWARENESS,
        "I am more aware of resources and services the library provides",
        "Je connais mieux les ressources et les services qu'offre la bibliothèque",
        required=True,
    ),
    _q(
        "satisfaction", QT.RATING, QC.SATISFACTION, OT.SATISFACTION,
        "Overall, how satisfied are you with this program?",
        "Dans l'ensemble, quel est votre degré de satisfaction à l'égard de ce programme?",
        required=True,
        help_en="1 = not at all satisfied, 5 = very satisfied",
        help_fr="1 = pas du tout satisfait, 5 = très satisfait",
    ),
    _q(
        "liked_most", QT.FREE_TEXT, QC.COMMENTS, None,
        "What did you like most?", "Qu'avez-vous le plus apprécié?",
    ),
    _q(
        "keep_learning", QT.FREE_TEXT, QC.COMMENTS, None,
        "What could the library do to help you keep learning about this topic?",
        "Que pourrait faire la bibliothèque pour vous aider à continuer d'apprendre sur ce sujet?",
    ),
    _q(
        "how_heard", QT.MULTIPLE_CHOICE, QC.HOW_HEARD, None,
        "How did you hear about this program?", "Comment avez-vous entendu parler de ce programme?",
        help_en="Tick all that apply.", help_fr="Cochez toutes les réponses qui s'appliquent.",
        choices=[
            {"value": channel.value, "en": en, "fr": fr}
            for channel, (en, fr) in PROMOTION_CHANNEL_LABELS.items()
        ],
    ),
    _q(
        "age_band", QT.SINGLE_CHOICE, QC.DEMOGRAPHICS, None,
        "What is your age group?", "Quel est votre groupe d'âge?",
        help_en=OPTIONAL_EN, help_fr=OPTIONAL_FR, choices=AGE_BANDS,
    ),
    _q(
        "first_time", QT.YES_NO, QC.DEMOGRAPHICS, None,
        "Is this your first time at a library program?",
        "Est-ce la première fois que vous participez à un programme de la bibliothèque?",
        help_en=OPTIONAL_EN, help_fr=OPTIONAL_FR,
    ),
    _q(
        "home_language", QT.SINGLE_CHOICE, QC.DEMOGRAPHICS, None,
        "What language do you mostly speak at home?",
        "Quelle langue parlez-vous le plus souvent à la maison?",
        help_en=OPTIONAL_EN, help_fr=OPTIONAL_FR, choices=HOME_LANGUAGES,
    ),
]  # fmt: skip


def ensure_standard_questions() -> int:
    """Create the standard questions and template that are missing (by code); return how many.

    Running it again changes nothing. Flushes, never commits.
    """
    codes = [spec["code"] for spec in STANDARD_QUESTIONS]
    existing = {
        q.code: q for q in db.session.scalars(sa.select(Question).where(Question.code.in_(codes)))
    }
    created = 0
    for spec in STANDARD_QUESTIONS:
        if spec["code"] in existing:
            continue
        fields = {k: v for k, v in spec.items() if k != "required"}
        question = Question(**fields, standard=True, active=True)
        db.session.add(question)
        existing[spec["code"]] = question
        created += 1
    db.session.flush()
    template = db.session.scalar(
        sa.select(FormTemplate).where(FormTemplate.name == STANDARD_TEMPLATE_NAME)
    )
    if template is None:
        template = FormTemplate(
            name=STANDARD_TEMPLATE_NAME, description=STANDARD_TEMPLATE_DESCRIPTION, active=True
        )
        db.session.add(template)
        db.session.flush()
        for position, spec in enumerate(STANDARD_QUESTIONS, start=1):
            db.session.add(
                TemplateQuestion(
                    template_id=template.id,
                    question_id=existing[spec["code"]].id,
                    position=position,
                    required=spec["required"],
                )
            )
        db.session.flush()
        created += 1
    return created
