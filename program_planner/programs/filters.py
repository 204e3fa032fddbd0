"""Filters of the program list; areas above programs add theirs (target group, dates)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ListFilter:
    """One filter of the program list: a form field and how it narrows the query."""

    key: str
    order: int
    make_field: Callable  # () -> an unbound WTForms field
    apply: Callable  # apply(stmt, form) -> stmt; called only when the field has a value


FILTERS: dict[str, ListFilter] = {}


def register_filter(list_filter: ListFilter) -> ListFilter:
    """Add a filter to the program list."""
    FILTERS[list_filter.key] = list_filter
    return list_filter
