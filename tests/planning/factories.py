"""Planning rows for tests."""

from datetime import date
from decimal import Decimal

from program_planner.extensions import db
from program_planner.planning.models import (
    Barrier,
    BudgetCategory,
    BudgetLine,
    CollectionTieIn,
    FundingSource,
    ITItem,
    ITRequest,
    ITStatus,
    ProgramTargetGroup,
    PromotionChannel,
    PromotionItem,
    PromotionStatus,
    TargetGroup,
)
from tests.factories import add_objective


def add_target_group(name="Seniors", population_estimate=12000, **fields) -> TargetGroup:
    """Add a catalogue target group (flushed) and return it."""
    group = TargetGroup(
        name=name,
        population_estimate=population_estimate,
        population_source=fields.pop("population_source", "2021 Census"),
        population_year=fields.pop("population_year", 2021),
        **fields,
    )
    db.session.add(group)
    db.session.flush()
    return group


def add_program_target_group(program_id, group_id, expected_reach=30, **fields):
    """Add a target group to a program (flushed) and return the row."""
    row = ProgramTargetGroup(
        program_id=program_id,
        target_group_id=group_id,
        expected_reach=expected_reach,
        needs=fields.pop("needs", "Large print, slower pace"),
        barriers=fields.pop("barriers", [Barrier.TRANSPORT.value, Barrier.DIGITAL_SKILLS.value]),
        accommodations=fields.pop("accommodations", "Afternoon sessions near the bus stop"),
        **fields,
    )
    db.session.add(row)
    db.session.flush()
    return row


def add_budget_line(program_id, planned="100.00", actual=None, **fields) -> BudgetLine:
    """Add a budget line (flushed) and return it."""
    line = BudgetLine(
        program_id=program_id,
        category=fields.pop("category", BudgetCategory.PRESENTER_FEE),
        funding_source=fields.pop("funding_source", FundingSource.OPERATING),
        description=fields.pop("description", "Presenter"),
        planned=Decimal(planned),
        actual=None if actual is None else Decimal(actual),
        **fields,
    )
    db.session.add(line)
    db.session.flush()
    return line


def add_it_request(program_id, **fields) -> ITRequest:
    """Add an IT request (flushed) and return it."""
    request_ = ITRequest(
        program_id=program_id,
        item=fields.pop("item", ITItem.LAPTOPS),
        quantity=fields.pop("quantity", 8),
        details=fields.pop("details", "With Zoom installed"),
        needed_by=fields.pop("needed_by", date(2027, 3, 1)),
        status=fields.pop("status", ITStatus.REQUESTED),
        **fields,
    )
    db.session.add(request_)
    db.session.flush()
    return request_


def add_promotion_item(program_id, **fields) -> PromotionItem:
    """Add a promotion item (flushed) and return it."""
    item = PromotionItem(
        program_id=program_id,
        channel=fields.pop("channel", PromotionChannel.NEWSLETTER),
        audience=fields.pop("audience", "Seniors' centres"),
        language=fields.pop("language", "en"),
        planned_date=fields.pop("planned_date", date(2027, 2, 1)),
        status=fields.pop("status", PromotionStatus.PLANNED),
        owner=fields.pop("owner", "Marketing"),
        **fields,
    )
    db.session.add(item)
    db.session.flush()
    return item


def add_tie_in(program_id, title="Email for beginners", **fields) -> CollectionTieIn:
    """Add a collection tie-in (flushed) and return it."""
    tie_in = CollectionTieIn(
        program_id=program_id,
        title_or_subject=title,
        formats=fields.pop("formats", "Large print"),
        quantity=fields.pop("quantity", 3),
        **fields,
    )
    db.session.add(tie_in)
    db.session.flush()
    return tie_in


def add_planning_rows(program_id) -> dict:
    """Add one row of each planning kind to the program; return {kind name: id}."""
    group = add_target_group("Seniors (sample)")
    it_request = add_it_request(program_id)
    return {
        "target_groups": group.id,
        "program_target_groups": add_program_target_group(program_id, group.id).id,
        "objectives": add_objective(program_id).id,
        "budget": add_budget_line(program_id).id,
        "budget_actuals": add_budget_line(program_id, description="Refreshments").id,
        "it_requests": it_request.id,
        "request_id": it_request.id,
        "promotion": add_promotion_item(program_id).id,
        "collection": add_tie_in(program_id).id,
    }
