"""Expected access to the occurrences routes."""

from tests.routes_expected import ANY_STAFF, EVERYONE, PROGRAM_EDITORS

ROUTES = {
    "occurrences.occurrences_new": {"GET": PROGRAM_EDITORS, "POST": PROGRAM_EDITORS},
    "occurrences.occurrences_edit": {"GET": PROGRAM_EDITORS, "POST": PROGRAM_EDITORS},
    "occurrences.occurrences_delete": {"POST": PROGRAM_EDITORS},
    "occurrences.series_new": {"GET": PROGRAM_EDITORS, "POST": PROGRAM_EDITORS},
    "occurrences.calendar": {"GET": ANY_STAFF},
    # public, so calendar apps can subscribe: approved programs' sessions only
    "occurrences.ical": {"GET": EVERYONE},
    # one program's feed: the sample program is a draft, so not public yet
    "occurrences.program_ical": {"GET": dict.fromkeys(EVERYONE, 404)},
}
