"""The attendee's language on public pages and paper forms: ?lang=, else the usual choice."""

from functools import wraps

from flask import current_app, request
from flask_babel import force_locale

from program_planner.evaluation.engine import current_language


def chosen_language() -> str:
    """Return ?lang= when it is a language on offer, else the language chosen before."""
    asked = request.args.get("lang", "")
    return asked if asked in current_app.config["LANGUAGES"] else current_language()


def locale_of(language: str) -> str:
    """Return the locale of a language in the library's region (fr → fr_CA)."""
    region = current_app.config.get("LIBRARY_REGION")
    return f"{language}_{region}" if region else language


def in_chosen_language(view):
    """Render the view in the chosen language; pass it to the view as `language`."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        language = chosen_language()
        with force_locale(locale_of(language)):
            return view(*args, language=language, **kwargs)

    return wrapped
