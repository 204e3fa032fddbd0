"""Small helpers for views: ids in URLs and query strings, safe redirects, form-checked CSRF."""

import re
from urllib.parse import urlsplit

from flask import Flask, abort, request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter, ValidationError

from program_planner.extensions import csrf

ID_MAX = 2**31 - 1  # the largest id an INTEGER column holds (PostgreSQL's int4)
PAGE_MAX = 100_000  # a page number further than any list goes
# control characters but tab and line breaks; PostgreSQL refuses NUL in text
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


class IdConverter(IntegerConverter):
    """The app's `int` URL converter: digits from 0 to ID_MAX; a bigger number is not found.

    Without the bound, /programs/99999999999999999999 reaches the database driver, which
    refuses the number (a 500) instead of answering that there is no such row.
    """

    regex = r"[0-9]+"  # ASCII digits only (\d also matches other scripts' digits)

    def __init__(self, map, fixed_digits=0, min=None, max=ID_MAX, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)

    def to_python(self, value: str) -> int:
        if len(value.lstrip("0")) > len(str(self.max if self.max is not None else ID_MAX)):
            raise ValidationError()  # never parse a number of hundreds of digits
        return super().to_python(value)


def register_input_handling(app: Flask) -> None:
    """Bound ids in URLs and clean what every form submits (call before adding routes)."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(strip_control_characters_from_input)


def _without_control_characters(values: MultiDict) -> ImmutableMultiDict | None:
    pairs = list(values.items(multi=True))
    if not any(CONTROL_CHARACTERS.search(k + v) for k, v in pairs if isinstance(v, str)):
        return None
    return ImmutableMultiDict(
        [
            (CONTROL_CHARACTERS.sub("", k), CONTROL_CHARACTERS.sub("", v))
            for k, v in pairs
            if isinstance(v, str)
        ]
    )


def strip_control_characters_from_input() -> None:
    """Drop control characters (NUL …) from every query-string and form value, once for all.

    Every form and filter then sees text the database can store and a page can show again;
    uploaded files are left as they are (their readers check them).
    """
    cleaned = _without_control_characters(request.args)
    if cleaned is not None:
        request.args = cleaned
    limit = request.max_content_length
    if (
        request.method in ("POST", "PUT", "PATCH")
        and request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data")
        and not (limit and (request.content_length or 0) > limit)  # the view says "too large"
    ):
        cleaned = _without_control_characters(request.form)
        if cleaned is not None:
            request.form = cleaned
    request.__dict__.pop("values", None)  # args and form together, built again when read


def parse_id(raw: str | None) -> int | None:
    """Return raw as an id (ASCII digits, 1 … ID_MAX), or None when it cannot be one."""
    raw = (raw or "").strip()
    if not raw or len(raw) > len(str(ID_MAX)) or not (raw.isascii() and raw.isdigit()):
        return None
    value = int(raw)
    return value if 1 <= value <= ID_MAX else None


def query_id(name: str) -> int | None:
    """Return the id in ?name=, None when it is absent or empty; 404 when it cannot be an id."""
    raw = request.args.get(name, "")
    if not raw.strip():
        return None
    value = parse_id(raw)
    if value is None:
        abort(404)
    return value


def query_page(name: str = "page") -> int:
    """Return the page number in ?name= (1 when absent or not a page number)."""
    raw = request.args.get(name, "").strip()
    if raw.isascii() and raw.isdigit() and len(raw) <= len(str(PAGE_MAX)):
        return min(max(int(raw), 1), PAGE_MAX)
    return 1


def safe_next_url(target: str | None) -> str | None:
    """Return target if it is a path on this site, else None (never an open redirect)."""
    if not target:
        return None
    target = target.strip()
    if (
        not target.startswith("/")
        or target.startswith("//")
        or any(c in target for c in "\\\r\n\t")
        or len(target) > 2000
    ):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def client_ip() -> str | None:
    """Return the client's address as seen after trusted proxies (ProxyFix)."""
    return request.remote_addr


def csrf_checked_by_form(view):
    """Mark a view whose FlaskForm checks the CSRF token itself.

    The form then reports an expired or missing token at the top of the page and keeps what
    the person typed, instead of a bare 400. Such a view must act only after
    form.validate_on_submit(); tests/test_csrf.py posts to every route without a token.
    """
    view.csrf_checked_by_form = True
    return csrf.exempt(view)
