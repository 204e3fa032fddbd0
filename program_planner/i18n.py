"""Language and time zone: the person's choice, else their browser's, else English."""

from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import get_currency_precision
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import format_currency, format_decimal, get_locale


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


@lru_cache(maxsize=64)
def _symbols(locale_name: str) -> tuple | None:
    """Return (group, decimal) symbols when the locale groups numbers by threes, else None."""
    locale = Locale.parse(locale_name)
    pattern = locale.decimal_formats.get(None)
    if pattern is None or pattern.grouping != (3, 3):
        return None
    symbols = locale.number_symbols.get("latn", locale.number_symbols)
    return symbols.get("group"), symbols.get("decimal")


@lru_cache(maxsize=64)
def _currency_affixes(locale_name: str, currency: str) -> tuple | None:
    """Return (prefix, suffix, digits) of the locale's standard currency pattern, or None."""
    locale = Locale.parse(locale_name)
    pattern = locale.currency_formats.get("standard")
    if pattern is None or pattern.grouping != (3, 3) or _symbols(locale_name) is None:
        return None
    symbol = locale.currency_symbols.get(currency, currency)
    digits = get_currency_precision(currency)
    return (
        pattern.prefix[0].replace("¤", symbol),
        pattern.suffix[0].replace("¤", symbol),
        digits,
    )


def _grouped(value: Decimal, digits: int, symbols, strip: bool) -> str:
    """Return a non-negative Decimal rounded half-even to digits, with the locale's symbols."""
    group, point = symbols
    rounded = value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)
    whole, _dot, fraction = f"{rounded:f}".partition(".")
    if strip:
        fraction = fraction.rstrip("0")
    text = f"{int(whole):,}".replace(",", group)
    return f"{text}{point}{fraction}" if fraction else text


def _as_decimal(value) -> Decimal | None:
    """Return a finite, non-negative number as Decimal (as Babel reads it), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return number if number.is_finite() and number >= 0 else None


def format_number(value, digits: int = 2) -> str:
    """Format a number with up to `digits` decimals the reader's way (1,234.5 / 1 234,5).

    Gives exactly what Babel gives (tested), faster: a dashboard shows hundreds of numbers and
    Babel's general formatter was the bulk of its time. Negative and unusual values go to Babel.
    """
    locale = get_locale()
    symbols = _symbols(str(locale)) if locale is not None else None
    number = _as_decimal(value)
    if symbols is None or number is None:
        return format_decimal(value, format=f"#,##0.{'#' * digits}" if digits else "#,##0")
    return _grouped(number, digits, symbols, strip=True)


def format_money(value, currency: str) -> str:
    """Format an amount in a currency the reader's way, exactly as Babel does, faster."""
    locale = get_locale()
    affixes = _currency_affixes(str(locale), currency) if locale is not None else None
    number = _as_decimal(value)
    if affixes is None or number is None:
        return format_currency(value, currency)
    prefix, suffix, digits = affixes
    return f"{prefix}{_grouped(number, digits, _symbols(str(locale)), strip=False)}{suffix}"


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

    @app.context_processor
    def inject_languages():
        return {
            "languages": app.config["LANGUAGES"],
            "current_language": get_locale().language if get_locale() else "en",
        }
