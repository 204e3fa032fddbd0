"""The reporting profiles: each agency's elements or categories, kept as data.

PLS follows the IMLS Public Libraries Survey's program elements (FY 2023 numbering, 600-630).
The provincial profile is a generic one with subject categories in the manner of Ontario's
annual survey; each category maps from program types and target-group names (English or French
words a name contains); a program counts in the first category that matches, in this order.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from program_planner.programs.models import ProgramType

PLS, PROVINCIAL = "pls", "provincial"
PROFILES = {
    PLS: _l("IMLS Public Libraries Survey (United States)"),
    PROVINCIAL: _l("Provincial survey, subject categories (Ontario style)"),
}
DEFAULT_PROFILE = PLS

# PLS places of a session: in person on site, in person off site, live virtual
ONSITE, OFFSITE, VIRTUAL = "onsite", "offsite", "virtual"


@dataclass(frozen=True)
class Element:
    """One line of the agency's form: its number, its label, and the figure it holds."""

    number: str
    label: object
    figure: str  # e.g. "programs:adult", "attendance:onsite", "recordings", "views"
    total: bool = False


# Element numbers checked against the Maryland State Library's guide to the PLS, "Changes for
# FY2023" (https://marylandlibraries.libguides.com/c.php?g=993425&p=7994303): 600 = 601 + 602 +
# 603 + 604 + 605 and 609 = 606 + 607 + 608 must be equal, as 610 = 611 to 615 and 619 = 616 to
# 618; its hybrid example (children 6 to 11 on library grounds, 10 in the room and 5 streamed)
# counts one program in 602 and 606, 15 attendees in 612, 10 in 616 and 5 in 618; 630 is "Total
# Views of Asynchronous Program Presentations" within 30 days (7 days before FY2023). 620, the
# number of asynchronous presentations, follows the same numbering but no source at hand names
# it; check it against IMLS's "PLS Data Element Definitions" (OMB 3137-0074, Attachment A).
PLS_ELEMENTS = (
    Element("600", _l("Total synchronous programs (601 to 605)"), "programs:all", True),
    Element("601", _l("Synchronous programs for children 0 to 5"), "programs:children_0_5"),
    Element("602", _l("Synchronous programs for children 6 to 11"), "programs:children_6_11"),
    Element("603", _l("Synchronous programs for young adults 12 to 18"), "programs:young_adult"),
    Element("604", _l("Synchronous programs for adults 19 and over"), "programs:adult"),
    Element("605", _l("General interest synchronous programs"), "programs:general"),
    Element("606", _l("Synchronous in-person onsite programs"), "programs:onsite"),
    Element("607", _l("Synchronous in-person offsite programs"), "programs:offsite"),
    Element("608", _l("Synchronous live virtual programs"), "programs:virtual"),
    Element(
        "609", _l("Total synchronous programs by format (606 to 608)"), "programs:formats", True
    ),
    Element(
        "610", _l("Total attendance at synchronous programs (611 to 615)"), "attendance:all", True
    ),
    Element("611", _l("Attendance at programs for children 0 to 5"), "attendance:children_0_5"),
    Element("612", _l("Attendance at programs for children 6 to 11"), "attendance:children_6_11"),
    Element(
        "613", _l("Attendance at programs for young adults 12 to 18"), "attendance:young_adult"
    ),
    Element("614", _l("Attendance at programs for adults 19 and over"), "attendance:adult"),
    Element("615", _l("Attendance at general interest programs"), "attendance:general"),
    Element("616", _l("Attendance at in-person onsite programs"), "attendance:onsite"),
    Element("617", _l("Attendance at in-person offsite programs"), "attendance:offsite"),
    Element("618", _l("Attendance at live virtual programs"), "attendance:virtual"),
    Element("619", _l("Total attendance by format (616 to 618)"), "attendance:formats", True),
    Element("620", _l("Asynchronous (recorded) program presentations"), "recordings"),
    Element("630", _l("Views of asynchronous program presentations within 30 days"), "views"),
)
PLS_AUDIENCES = ("children_0_5", "children_6_11", "young_adult", "adult", "general")
PLS_FORMATS = (ONSITE, OFFSITE, VIRTUAL)
# the agency's edit checks: total by audience = total by format
PLS_CHECKS = (("programs", "600", "609"), ("attendance", "610", "619"))


@dataclass(frozen=True)
class Category:
    """A provincial subject category and what maps to it."""

    number: str
    label: object
    program_types: tuple = ()
    group_words: tuple = ()  # a target group whose name contains one of these (any case)


PROVINCIAL_CATEGORIES = (
    Category(
        "1",
        _l("Newcomers (settlement, language, citizenship)"),
        (ProgramType.NEWCOMERS_LANGUAGE,),
        ("newcomer", "immigrant", "refugee", "nouveaux arrivants", "réfugié"),
    ),
    Category(
        "2",
        _l("Careers, job help and skills development"),
        (ProgramType.JOB_CAREER,),
        ("job seeker", "chercheurs d'emploi", "chercheur d'emploi"),
    ),
    Category(
        "3",
        _l("Technology, social media and computer literacy"),
        (ProgramType.DIGITAL_LITERACY,),
    ),
    Category("4", _l("Seniors"), (), ("senior", "aîné", "aine")),
    Category("5", _l("Health and wellness"), (ProgramType.HEALTH_WELLNESS,)),
    Category("6", _l("Culture, arts and heritage"), (ProgramType.ARTS_CULTURE,)),
    Category("7", _l("Civic and community engagement"), (ProgramType.CIVIC_ENGAGEMENT,)),
    Category("8", _l("Hobbies and recreation"), (ProgramType.SOCIAL_RECREATION,)),
)
