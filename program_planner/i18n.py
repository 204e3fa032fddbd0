"""Language and time zone: the person's choice, else their browser's, else English."""

from functools import lru_cache

import flask_babel
from babel import Locale
from babel.numbers import NumberPattern, parse_pattern
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale


def select_language() -> str:
    """Return the language chosen with the switch, else the browser's best match."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(list(languages)) or "en"


def select_locale() -> str:
    """Return the language with the library's region (fr_CA: "240,00 $", dates 2026-11-23)."""
    region = current_app.config.get("LIBRARY_REGION")
    language = select_language()
    return f"{language}_{region}" if region else language


def select_timezone() -> str:
    """Return the library's local time zone; times are stored in UTC."""
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


@lru_cache(maxsize=8)
def _decimal_pattern(digits: int) -> NumberPattern:
    """Return Babel's parsed pattern for a number with up to `digits` decimals."""
    return parse_pattern(f"#,##0.{'#' * digits}" if digits else "#,##0")


@lru_cache(maxsize=64)
def _locale(name: str) -> Locale:
    """Return the Babel locale of a name (parsed once)."""
    return Locale.parse(name)


def _current_locale() -> Locale:
    """Return the reader's locale, else English."""
    locale = get_locale()
    return locale if locale is not None else _locale("en")


@lru_cache(maxsize=8192)
def _formatted(value, digits: int, locale_name: str) -> str:
    """Return Babel's formatting of a number (remembered: a dashboard repeats the same counts)."""
    return _decimal_pattern(digits).apply(value, _locale(locale_name))


def format_number(value, digits: int = 2) -> str:
    """Format a number with up to `digits` decimals the reader's way (1,234.5 / 1 234,5).

    Babel does the formatting with patterns parsed once, and each formatted number is remembered:
    a dashboard shows hundreds of numbers, most of them small counts seen before.
    """
    locale = _current_locale()
    try:
        return _formatted(value, digits, str(locale))
    except TypeError:  # an unhashable value (a signalling NaN): format it without remembering
        return _decimal_pattern(digits).apply(value, locale)


@lru_cache(maxsize=4096)
def _formatted_money(value, currency: str, locale_name: str) -> str:
    """Return Babel's formatting of an amount (remembered, as numbers are)."""
    locale = _locale(locale_name)
    return locale.currency_formats["standard"].apply(value, locale, currency=currency)


def format_money(value, currency: str) -> str:
    """Format an amount in a currency the reader's way, as the locale's data says."""
    locale = _current_locale()
    try:
        return _formatted_money(value, currency, str(locale))
    except TypeError:  # an unhashable value (a signalling NaN): format it without remembering
        return locale.currency_formats["standard"].apply(value, locale, currency=currency)


def _blank_for_none(formatter):
    """Return the formatter as a template filter: blank for None (never "now")."""

    def template_filter(value, style="medium"):
        return "" if value is None else formatter(value, style)

    return template_filter


# Dates and times read one way: a date style (a "short" 3/4/27 reads differently in Canada and
# France, so it is shown as "medium"), and times always without seconds.
DATE_STYLES = {"short": "medium", "medium": "medium", "long": "long", "full": "full"}


@lru_cache(maxsize=64)
def _when_pattern(locale_name: str, style: str) -> str:
    """Return the locale's date-and-time pattern of a style, with its short time (no seconds)."""
    locale = _locale(locale_name)
    date_style = DATE_STYLES[style]
    glue = str(locale.datetime_formats[date_style])
    date_pattern = locale.date_formats[date_style].pattern
    return glue.replace("{1}", date_pattern).replace("{0}", locale.time_formats["short"].pattern)


def format_when(value, style: str = "medium") -> str:
    """Format a moment in the library's time zone the reader's way, never with seconds.

    "Mar 3, 2027, 7:00 PM" / "3 mars 2027, 19 h 00"; style "full" adds the weekday. A Babel
    pattern (e.g. "yyyy-MM-dd HH:mm" for a file) is used as given.
    """
    if style not in DATE_STYLES:
        return flask_babel.format_datetime(value, style)
    return flask_babel.format_datetime(value, _when_pattern(str(_current_locale()), style))


def format_day(value, style: str = "medium") -> str:
    """Format a date (of a moment, in the library's time zone) the reader's way."""
    return flask_babel.format_date(value, DATE_STYLES.get(style, style))


def format_clock(value, style: str = "short") -> str:
    """Format a time of day in the library's time zone the reader's way, without seconds."""
    return flask_babel.format_time(value, "short" if style in DATE_STYLES else style)


def register_i18n(app: Flask) -> None:
    """Give templates the current language and the languages on offer."""

    @app.template_filter("number")
    def number_filter(value, digits=2):
        """Format a number the reader's way (1,234.5 / 1 234,5); blank for None."""
        if value is None:
            return ""
        return format_number(value, digits)

    @app.template_filter("money")
    def money_filter(value):
        """Format an amount in the library's currency, the reader's way; blank for None."""
        if value is None:
            return ""
        return format_money(value, app.config["LIBRARY_CURRENCY"])

    # every template's dates and times go through the helpers above (Flask-Babel's filters
    # would show seconds for "medium" and "full", and a different date style for "short")
    app.jinja_env.filters.update(
        datetimeformat=_blank_for_none(format_when),
        dateformat=_blank_for_none(format_day),
        timeformat=_blank_for_none(format_clock),
    )

    @app.context_processor
    def inject_languages():
        return {
            "languages": app.config["LANGUAGES"],
            "current_language": get_locale().language if get_locale() else "en",
        }
