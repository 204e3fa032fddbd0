"""The parts of a program's plan, registered by the packages that own them.

The programs package shows a program as a sequence of sections without importing the packages
above it (planning, venues, people, occurrences): each registers its sections here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    """One part of a program's plan as shown on the program page."""

    key: str  # anchor on the program page, e.g. "objectives"
    title: str
    template: str  # a partial rendered with `program`, `section`, `data` and `can_edit`
    order: int
    load: Callable  # load(programs: list[Program]) -> {program_id: data}, a fixed number of queries
    proposal: bool = True  # part of the proposal (locked after submission) or of the logistics
    visible: Callable = field(default=lambda user, program: True)
    readiness: Callable | None = None  # readiness(program, data, action) -> [problems]


SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> Section:
    """Add a section to every program page."""
    SECTIONS[section.key] = section
    return section


def ordered_sections() -> list[Section]:
    """Return the registered sections in page order."""
    return sorted(SECTIONS.values(), key=lambda s: s.order)
