"""seed the standard question bank

Revision ID: 7b2d5e8f1a30
Revises: 4e7a1c9d2b60
Create Date: 2026-11-24 09:00:00.000000

Data only: the standard questions (English and French) and the "Standard program evaluation"
template, the same rows as program_planner/evaluation/builder/standard.py creates. Codes that
already exist (seeded by `flask evaluation seed-questions`) are left alone.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7b2d5e8f1a30"
down_revision = "4e7a1c9d2b60"
branch_labels = None
depends_on = None

TEMPLATE_NAME = "Standard program evaluation"
TEMPLATE_DESCRIPTION = (
    "The four outcome questions, satisfaction, comments, how people heard about the program "
    "and optional demographics."
)

# code, type, category, outcome type, texts, help, choices; "required" is the template's setting.
STANDARD_QUESTIONS = [
    {
        "code": "learned_new",
        "qtype": "agreement",
        "category": "outcome",
        "outcome_type": "knowledge",
        "text_en": "I learned something new",
        "text_fr": "J'ai appris quelque chose de nouveau",
        "help_en": "",
        "help_fr": "",
        "choices": [],
        "required": True,
    },
    {
        "code": "confidence",
        "qtype": "agreement",
        "category": "outcome",
        "outcome_type": "confidence",
        "text_en": "I feel more confident about what I learned",
        "text_fr": "Je me sens plus en confiance avec ce que j'ai appris",
        "help_en": "",
        "help_fr": "",
        "choices": [],
        "required": True,
    },
    {
        "code": "intend_apply",
        "qtype": "agreement",
        "category": "outcome",
        "outcome_type": "application",
        "text_en": "I intend to apply what I learned",
        "text_fr": "J'ai l'intention de mettre en pratique ce que j'ai appris",
        "help_en": "",
        "help_fr": "",
        "choices": [],
        "required": True,
    },
    {
        "code": "aware_resources",
        "qtype": "agreement",
        "category": "outcome",
        "outcome_type": "awareness",
        "text_en": "I am more aware of resources and services the library provides",
        "text_fr": "Je connais mieux les ressources et les services qu'offre la bibliothèque",
        "help_en": "",
        "help_fr": "",
        "choices": [],
        "required": True,
    },
    {
        "code": "satisfaction",
        "qtype": "rating",
        "category": "satisfaction",
        "outcome_type": "satisfaction",
        "text_en": "Overall, how satisfied are you with this program?",
        "text_fr": (
            "Dans l'ensemble, quel est votre degré de satisfaction à l'égard de ce programme?"
        ),
        "help_en": "1 = not at all satisfied, 5 = very satisfied",
        "help_fr": "1 = pas du tout satisfait, 5 = très satisfait",
        "choices": [],
        "required": True,
    },
    {
        "code": "liked_most",
        "qtype": "free_text",
        "category": "comments",
        "outcome_type": None,
        "text_en": "What did you like most?",
        "text_fr": "Qu'avez-vous le plus apprécié?",
        "help_en": "",
        "help_fr": "",
        "choices": [],
        "required": False,
    },
    {
        "code": "keep_learning",
        "qtype": "free_text",
        "category": "comments",
        "outcome_type": None,
        "text_en": "What could the library do to help you keep learning about this topic?",
        "text_fr": "Que pourrait faire la bibliothèque pour vous aider à continuer d'apprendre sur "
        "ce sujet?",
        "help_en": "",
        "help_fr": "",
        "choices": [],
        "required": False,
    },
    {
        "code": "how_heard",
        "qtype": "multiple_choice",
        "category": "how_heard",
        "outcome_type": None,
        "text_en": "How did you hear about this program?",
        "text_fr": "Comment avez-vous entendu parler de ce programme?",
        "help_en": "Tick all that apply.",
        "help_fr": "Cochez toutes les réponses qui s'appliquent.",
        "choices": [
            {
                "value": "website",
                "en": "Library website calendar",
                "fr": "Calendrier du site Web de la bibliothèque",
            },
            {"value": "social_media", "en": "Social media", "fr": "Médias sociaux"},
            {"value": "newsletter", "en": "Newsletter", "fr": "Infolettre"},
            {"value": "posters", "en": "Posters & flyers", "fr": "Affiches et dépliants"},
            {
                "value": "partner_networks",
                "en": "Partner networks",
                "fr": "Réseaux de nos partenaires",
            },
            {"value": "press", "en": "Press", "fr": "Presse"},
            {
                "value": "in_branch_display",
                "en": "In-branch display",
                "fr": "Présentoir à la bibliothèque",
            },
            {"value": "community_radio", "en": "Community radio", "fr": "Radio communautaire"},
            {
                "value": "word_of_mouth",
                "en": "Word of mouth / staff",
                "fr": "Bouche-à-oreille / personnel",
            },
        ],
        "required": False,
    },
    {
        "code": "age_band",
        "qtype": "single_choice",
        "category": "demographics",
        "outcome_type": None,
        "text_en": "What is your age group?",
        "text_fr": "Quel est votre groupe d'âge?",
        "help_en": "Optional: answer only if you wish.",
        "help_fr": "Facultatif : répondez seulement si vous le souhaitez.",
        "choices": [
            {"value": "under_25", "en": "Under 25", "fr": "Moins de 25 ans"},
            {"value": "25_34", "en": "25–34", "fr": "25 à 34 ans"},
            {"value": "35_44", "en": "35–44", "fr": "35 à 44 ans"},
            {"value": "45_54", "en": "45–54", "fr": "45 à 54 ans"},
            {"value": "55_64", "en": "55–64", "fr": "55 à 64 ans"},
            {"value": "65_74", "en": "65–74", "fr": "65 à 74 ans"},
            {"value": "75_plus", "en": "75 or older", "fr": "75 ans et plus"},
            {"value": "prefer_not", "en": "Prefer not to say", "fr": "Je préfère ne pas répondre"},
        ],
        "required": False,
    },
    {
        "code": "first_time",
        "qtype": "yes_no",
        "category": "demographics",
        "outcome_type": None,
        "text_en": "Is this your first time at a library program?",
        "text_fr": "Est-ce la première fois que vous participez à un programme de la bibliothèque?",
        "help_en": "Optional: answer only if you wish.",
        "help_fr": "Facultatif : répondez seulement si vous le souhaitez.",
        "choices": [],
        "required": False,
    },
    {
        "code": "home_language",
        "qtype": "single_choice",
        "category": "demographics",
        "outcome_type": None,
        "text_en": "What language do you mostly speak at home?",
        "text_fr": "Quelle langue parlez-vous le plus souvent à la maison?",
        "help_en": "Optional: answer only if you wish.",
        "help_fr": "Facultatif : répondez seulement si vous le souhaitez.",
        "choices": [
            {"value": "en", "en": "English", "fr": "Anglais"},
            {"value": "fr", "en": "French", "fr": "Français"},
            {"value": "es", "en": "Spanish", "fr": "Espagnol"},
            {"value": "ar", "en": "Arabic", "fr": "Arabe"},
            {"value": "zh", "en": "Chinese", "fr": "Chinois"},
            {"value": "pa", "en": "Punjabi", "fr": "Pendjabi"},
            {"value": "tl", "en": "Tagalog", "fr": "Tagalog"},
            {"value": "other", "en": "Other", "fr": "Autre"},
            {"value": "prefer_not", "en": "Prefer not to say", "fr": "Je préfère ne pas répondre"},
        ],
        "required": False,
    },
]

questions = sa.table(
    "questions",
    sa.column("id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("text_en", sa.String),
    sa.column("text_fr", sa.String),
    sa.column("help_en", sa.String),
    sa.column("help_fr", sa.String),
    sa.column("qtype", sa.String),
    sa.column("category", sa.String),
    sa.column("outcome_type", sa.String),
    sa.column("choices", sa.JSON),
    sa.column("min_value", sa.Numeric),
    sa.column("max_value", sa.Numeric),
    sa.column("standard", sa.Boolean),
    sa.column("program_id", sa.Integer),
    sa.column("active", sa.Boolean),
    sa.column("created_at", sa.DateTime),
    sa.column("updated_at", sa.DateTime),
    sa.column("version", sa.Integer),
)
form_templates = sa.table(
    "form_templates",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("description", sa.Text),
    sa.column("active", sa.Boolean),
    sa.column("created_at", sa.DateTime),
    sa.column("updated_at", sa.DateTime),
    sa.column("version", sa.Integer),
)
template_questions = sa.table(
    "template_questions",
    sa.column("id", sa.Integer),
    sa.column("template_id", sa.Integer),
    sa.column("question_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("required", sa.Boolean),
)


def upgrade():
    bind = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)  # stored as naive UTC
    codes = [q["code"] for q in STANDARD_QUESTIONS]
    present = set(
        bind.execute(sa.select(questions.c.code).where(questions.c.code.in_(codes))).scalars()
    )
    op.bulk_insert(
        questions,
        [
            {
                **{k: v for k, v in q.items() if k != "required"},
                "min_value": None,
                "max_value": None,
                "standard": True,
                "program_id": None,
                "active": True,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
            for q in STANDARD_QUESTIONS
            if q["code"] not in present
        ],
    )
    exists = bind.execute(
        sa.select(form_templates.c.id).where(form_templates.c.name == TEMPLATE_NAME)
    ).scalar()
    if exists is not None:
        return
    op.bulk_insert(
        form_templates,
        [
            {
                "name": TEMPLATE_NAME,
                "description": TEMPLATE_DESCRIPTION,
                "active": True,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        ],
    )
    template_id = bind.execute(
        sa.select(form_templates.c.id).where(form_templates.c.name == TEMPLATE_NAME)
    ).scalar_one()
    ids = dict(
        bind.execute(
            sa.select(questions.c.code, questions.c.id).where(questions.c.code.in_(codes))
        ).all()
    )
    op.bulk_insert(
        template_questions,
        [
            {
                "template_id": template_id,
                "question_id": ids[q["code"]],
                "position": position,
                "required": q["required"],
            }
            for position, q in enumerate(STANDARD_QUESTIONS, start=1)
        ],
    )


def downgrade():
    bind = op.get_bind()
    template_id = bind.execute(
        sa.select(form_templates.c.id).where(form_templates.c.name == TEMPLATE_NAME)
    ).scalar()
    if template_id is not None:
        op.execute(
            template_questions.delete().where(template_questions.c.template_id == template_id)
        )
        op.execute(form_templates.delete().where(form_templates.c.id == template_id))
    # Standard questions that nothing uses yet; answered or chosen ones stay.
    used = sa.union(
        sa.select(sa.column("question_id")).select_from(
            sa.table("answers", sa.column("question_id"))
        ),
        sa.select(sa.column("question_id")).select_from(
            sa.table("program_questions", sa.column("question_id"))
        ),
        sa.select(template_questions.c.question_id),
    )
    op.execute(
        questions.delete().where(
            questions.c.code.in_([q["code"] for q in STANDARD_QUESTIONS]),
            questions.c.standard.is_(True),
            questions.c.id.not_in(used),
        )
    )
