"""Routes and program-page sections of the planning parts."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_currency, format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectField
from wtforms.validators import Optional

from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.catalogues import CatalogueKind, register_catalogue_routes
from program_planner.db import begin_write
from program_planner.extensions import db
from program_planner.planning import bp, budget, budget_cells, it, service
from program_planner.planning.forms import (
    BudgetActualForm,
    BudgetLineForm,
    BudgetRollupFilterForm,
    CollectionTieInForm,
    ITAdvanceForm,
    ITQueueFilterForm,
    ITRequestForm,
    ObjectiveForm,
    ProgramTargetGroupForm,
    PromotionItemForm,
    TargetGroupForm,
)
from program_planner.planning.models import (
    IT_NEXT_STATUS,
    Barrier,
    BudgetLine,
    CollectionTieIn,
    ITRequest,
    Objective,
    ProgramTargetGroup,
    PromotionItem,
    TargetGroup,
)
from program_planner.programs.filters import ListFilter, register_filter
from program_planner.programs.items import ItemKind, register_item_routes
from program_planner.programs.sections import Section, register_section
from program_planner.web import parse_id, query_page


def _number(value):
    return "" if value is None else format_number(value)


# --- Target groups --------------------------------------------------------------------------

register_section(
    Section(
        key="target_groups",
        title=_l("Target groups"),
        template="planning/_target_groups.html",
        order=20,
        load=service.load_program_target_groups,
        proposal=True,
        readiness=service.target_groups_readiness,
    )
)
register_item_routes(
    bp,
    ItemKind(
        name="program_target_groups",
        model=ProgramTargetGroup,
        form=ProgramTargetGroupForm,
        section="target_groups",
        noun=_l("target group"),
        permission=perm.can_edit_proposal,
        save=service.save_program_target_group,
        prepare_form=service.prepare_target_group_form,
        aside="reports/_learning.html",  # how similar programs did, for the group being chosen
    ),
)
register_catalogue_routes(
    bp,
    CatalogueKind(
        name="target_groups",
        model=TargetGroup,
        form=TargetGroupForm,
        title=_l("Target groups"),
        noun=_l("target group"),
        intro=_l(
            "The community groups programs are planned for, with their estimated population in "
            "the library's service area, so that programs' reach can be compared with the "
            "community."
        ),
        columns=(
            (_l("Target group"), lambda g: g.name),
            (_l("Estimated population"), lambda g: _number(g.population_estimate)),
            (_l("Source"), lambda g: g.population_source),
            (_l("Year"), lambda g: g.population_year or ""),
            (_l("Current"), lambda g: _("yes") if g.active else _("no")),
            (_l("French name"), lambda g: g.name_fr or "—"),
        ),
        permission=perm.can_manage_catalogues,
        save=service.save_target_group,
        rows=service.all_target_groups,
    ),
)
register_filter(
    ListFilter(
        key="target_group",
        order=10,
        make_field=lambda: SelectField(
            _l("Target group"),
            validators=[Optional()],
            choices=service.target_group_filter_choices,
        ),
        apply=service.programs_with_target_group,
    )
)

# --- Objectives -----------------------------------------------------------------------------

register_section(
    Section(
        key="objectives",
        title=_l("Objectives"),
        template="planning/_objectives.html",
        order=30,
        load=service.load_objectives,
        proposal=True,
        readiness=service.objectives_readiness,
    )
)
register_item_routes(
    bp,
    ItemKind(
        name="objectives",
        model=Objective,
        form=ObjectiveForm,
        section="objectives",
        noun=_l("objective"),
        permission=perm.can_edit_proposal,
        save=service.save_objective,
    ),
)

# --- Budget ---------------------------------------------------------------------------------

register_section(
    Section(
        key="budget",
        title=_l("Budget"),
        template="planning/_budget.html",
        order=40,
        load=budget.load_budgets,
        proposal=True,
        visible=perm.can_view_budget,
    )
)
register_item_routes(
    bp,
    ItemKind(
        name="budget",
        model=BudgetLine,
        form=BudgetLineForm,
        section="budget",
        noun=_l("budget line"),
        permission=perm.can_edit_proposal,
        save=budget.save_budget_line,
        before_delete=budget.refuse_fee_line_delete,
    ),
)


def _prepare_actual_form(form, program, line):
    """Say which line the actual amount is for."""
    form.actual.description = _(
        "%(category)s%(description)s, planned %(planned)s. Leave blank until the money is spent.",
        category=line.category.label,
        description=f" — {line.description}" if line.description else "",
        planned=format_currency(line.planned, current_app.config["LIBRARY_CURRENCY"]),
    )


# While the proposal is locked, the owner records what was actually spent until delivery.
register_item_routes(
    bp,
    ItemKind(
        name="budget_actuals",
        model=BudgetLine,
        form=BudgetActualForm,
        section="budget",
        noun=_l("actual amount"),
        permission=perm.can_edit_logistics,
        save=budget.save_budget_actual,
        prepare_form=_prepare_actual_form,
        addable=False,
        deletable=False,
    ),
)


ALL_BRANCHES = "all"


def _chosen_id(field):
    """Return a filter's chosen value as a number, or None when blank, "all" or refused."""
    return parse_id(field.data) if field.data and not field.errors else None


def _branch_choices(field, branches):
    """Offer All branches and each branch; with none asked for, the person's own."""
    field.choices = [(ALL_BRANCHES, _("All branches"))] + [(str(i), n) for i, n in branches]
    if not field.data and current_user.branch_id in {i for i, _n in branches}:
        field.data = str(current_user.branch_id)


def _rollup_form():
    """The roll-up's filters; with no branch asked for, the person's own ("all" is every one)."""
    form = BudgetRollupFilterForm(request.args)
    years, branches = budget.rollup_filter_choices()
    form.fiscal_year.choices = [("", _("All years"))] + [(str(y), str(y)) for y in years]
    _branch_choices(form.branch, branches)
    form.validate()
    return form


@bp.route("/budget")
@permission_required(perm.can_view_budget_rollup)
def budget_rollup():
    """Show budget totals across programs by branch, fiscal year, category and funding."""
    form = _rollup_form()
    if budget_cells.bring_budget_up_to_date():
        db.session.commit()
    rollup = budget.budget_rollup(
        fiscal_year=_chosen_id(form.fiscal_year), branch_id=_chosen_id(form.branch)
    )
    return render_template(
        "planning/budget_rollup.html", form=form, rollup=rollup, all_branches=ALL_BRANCHES
    )


# --- IT & equipment -------------------------------------------------------------------------

register_section(
    Section(
        key="it",
        title=_l("IT & equipment"),
        template="planning/_it.html",
        order=60,
        load=it.load_it_requests,
        proposal=False,
    )
)
register_item_routes(
    bp,
    ItemKind(
        name="it_requests",
        model=ITRequest,
        form=ITRequestForm,
        section="it",
        noun=_l("IT request"),
        permission=perm.can_edit_logistics,
        save=it.save_it_request,
        warnings=it.it_request_warnings,
    ),
)


def _queue_args():
    """The queue's branch and page as asked for: kept by its page links and after a move."""
    branch = request.args.get("branch", "").strip()
    args = {"branch": branch if branch == ALL_BRANCHES or parse_id(branch) else None}
    page = query_page()
    return {**args, "page": page if page > 1 else None}


def _render_it_queue(failed=None, status=200):
    form = ITQueueFilterForm(request.args)
    _branch_choices(form.branch, budget.branch_choices())
    form.validate()
    pagination = it.open_it_requests(_chosen_id(form.branch), query_page())
    return render_template(
        "planning/it_queue.html",
        form=form,
        pagination=pagination,
        requests=pagination.items,
        branch_arg=ALL_BRANCHES if form.branch.errors else form.branch.data or ALL_BRANCHES,
        next_status=IT_NEXT_STATUS,
        failed=failed or {},
    ), status


@bp.route("/it-requests")
@permission_required(perm.can_manage_it_requests)
def it_queue():
    """List the open IT requests of active programs (the person's branch first), soonest first."""
    return _render_it_queue()


@bp.route("/it-requests/<int:request_id>/advance", methods=["POST"])
@permission_required(perm.can_manage_it_requests)
def it_advance(request_id):
    """Move an IT request one step along; a request someone else moved is left alone."""
    db.get_or_404(ITRequest, request_id)
    form = ITAdvanceForm()
    if not form.validate_on_submit():
        return _render_it_queue({request_id: form}, status=422)
    begin_write(db.session)
    it_request = it.lock_it_request(request_id)
    if it_request is None:
        abort(404)
    try:
        it.advance_it_request(it_request, form.seen_status.data, form.it_notes.data)
        db.session.commit()
    except it.ITQueueError as error:
        db.session.rollback()
        flash(str(error), "warning")
    else:
        _flash_moved(it_request)
    return redirect(url_for("planning.it_queue", **_queue_args()))


def _flash_moved(it_request) -> None:
    """Say where the request now stands."""
    message = _(
        "%(item)s for “%(title)s”: %(status)s.",
        item=it_request.item.label,
        title=it_request.program.title,
        status=it_request.status.label,
    )
    flash(message, "success")


# --- Promotion ------------------------------------------------------------------------------

register_section(
    Section(
        key="promotion",
        title=_l("Promotion"),
        template="planning/_promotion.html",
        order=70,
        load=service.load_promotion,
        proposal=False,
    )
)
register_item_routes(
    bp,
    ItemKind(
        name="promotion",
        model=PromotionItem,
        form=PromotionItemForm,
        section="promotion",
        noun=_l("promotion item"),
        permission=perm.can_edit_logistics,
        save=service.save_promotion_item,
    ),
)

# --- Collection tie-ins ---------------------------------------------------------------------

register_section(
    Section(
        key="collection",
        title=_l("Collection tie-ins"),
        template="planning/_collection.html",
        order=90,
        load=service.load_tie_ins,
        proposal=False,
    )
)
register_item_routes(
    bp,
    ItemKind(
        name="collection",
        model=CollectionTieIn,
        form=CollectionTieInForm,
        section="collection",
        noun=_l("collection tie-in"),
        permission=perm.can_edit_logistics,
        save=service.save_tie_in,
    ),
)


@bp.app_template_global()
def barrier_label(value):
    """Return a barrier's name for people, for its stored value."""
    try:
        return Barrier(value).label
    except ValueError:
        return value
