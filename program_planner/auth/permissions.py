"""Who may do what: plain functions of the user (and object), used by every route."""

from program_planner.auth.models import Role


def is_staff(user) -> bool:
    """Any signed-in, active staff member."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "active", False))


def has_role(user, *roles: Role) -> bool:
    """A signed-in, active staff member holding one of roles."""
    return is_staff(user) and user.role in roles


def can_manage_users(user) -> bool:
    """Create accounts, change roles, deactivate and reset passwords."""
    return has_role(user, Role.ADMIN)


def can_erase_staff(user) -> bool:
    """Erase a staff member's personal details at their request (history kept, anonymous)."""
    return has_role(user, Role.ADMIN)


def can_manage_branches(user) -> bool:
    """Create and edit the library system's branches."""
    return has_role(user, Role.ADMIN)


def can_change_settings(user) -> bool:
    """Change the library's settings, such as the agency annual statistics follow."""
    return has_role(user, Role.ADMIN)


def can_read_outbox(user) -> bool:
    """See the outgoing mail, its failures, and (in development) read it: administrators."""
    return has_role(user, Role.ADMIN)


def can_follow_job(user, job) -> bool:
    """See a job's progress and download its file: whoever asked for it, and administrators."""
    if has_role(user, Role.ADMIN):
        return True
    return is_staff(user) and job.requested_by_id is not None and job.requested_by_id == user.id


def can_view_audit_log(user) -> bool:
    """Read the audit log of sign-ins, role changes, approvals, exports and erasures."""
    return has_role(user, Role.ADMIN)


def can_change_own_password(user) -> bool:
    """Change one's own password."""
    return is_staff(user)


def can_read_notices(user) -> bool:
    """Read one's own notices and mark them read: every staff member."""
    return is_staff(user)


def can_change_own_preferences(user) -> bool:
    """Choose how one's notices reach one by email, and the language of one's mail."""
    return is_staff(user)


def can_administer(user) -> bool:
    """See the Administration menu at all."""
    return (
        can_manage_users(user)
        or can_manage_branches(user)
        or can_view_audit_log(user)
        or can_change_settings(user)
    )


# --- Programs -------------------------------------------------------------------------------
# Statuses are compared by value so this module needs nothing from the programs package.
PROPOSAL_EDITABLE = ("draft", "returned")
LOGISTICS_EDITABLE = ("draft", "returned", "submitted", "approved", "scheduled", "delivered")


def is_reviewer(user) -> bool:
    """Coordinators and administrators review, approve, return and decline proposals."""
    return has_role(user, Role.COORDINATOR, Role.ADMIN)


def is_program_owner(user, program) -> bool:
    """The staff member who owns (proposed and runs) the program."""
    return is_staff(user) and program.owner_id == user.id


def can_view_programs(user) -> bool:
    """Read programs, their plans, the calendar: every staff member."""
    return is_staff(user)


def can_create_program(user) -> bool:
    """Propose a new program: programmers, coordinators and administrators."""
    return has_role(user, Role.PROGRAMMER, Role.COORDINATOR, Role.ADMIN)


def can_copy_program(user, program) -> bool:
    """Copy a program into a new draft of one's own: whoever may propose programs and see this
    one (every program is visible to staff; budget amounts are copied only for those who may
    see the original's budget)."""
    return can_create_program(user) and can_view_programs(user)


def can_edit_proposal(user, program) -> bool:
    """Change the proposal (basics, target groups, objectives, planned budget).

    The owner while it is a draft or returned; administrators always.
    """
    if has_role(user, Role.ADMIN):
        return True
    return is_program_owner(user, program) and program.status in PROPOSAL_EDITABLE


def can_edit_logistics(user, program) -> bool:
    """Change sessions, IT needs, promotion, partners, presenters, tie-ins and actual costs.

    The owner until the program is delivered; administrators always.
    """
    if has_role(user, Role.ADMIN):
        return True
    return is_program_owner(user, program) and program.status in LOGISTICS_EDITABLE


def can_approve_programs(user) -> bool:
    """Approve several submitted programs at once from the program list: reviewers."""
    return is_reviewer(user)


def can_view_budget(user, program) -> bool:
    """See a program's budget: its owner, coordinators and administrators."""
    return is_reviewer(user) or is_program_owner(user, program)


def can_view_budget_rollup(user) -> bool:
    """See budget totals across programs."""
    return is_reviewer(user)


def can_manage_catalogues(user) -> bool:
    """Keep target groups, strategic goals and venues."""
    return is_reviewer(user)


def can_manage_it_requests(user) -> bool:
    """Move IT requests along (requested → confirmed → ready) from the queue."""
    return is_reviewer(user)


# --- Evaluation -----------------------------------------------------------------------------
NOT_CLOSED = ("draft", "returned", "submitted", "approved", "scheduled", "delivered", "evaluated")


def can_manage_question_bank(user) -> bool:
    """Keep the question bank and the form templates."""
    return is_reviewer(user)


def can_edit_evaluation_form(user, program) -> bool:
    """Choose a program's questions and link them to objectives (owner, reviewers; not closed)."""
    if not (is_program_owner(user, program) or is_reviewer(user)):
        return False
    return program.status in NOT_CLOSED


def can_enter_responses(user, program) -> bool:
    """Key in paper forms and record headcounts: frontline staff, the owner, reviewers."""
    return has_role(user, Role.FRONTLINE) or is_program_owner(user, program) or is_reviewer(user)


def can_see_session_worklist(user) -> bool:
    """See, on the home page, the branch's sessions whose headcount or paper forms are still to
    be recorded: frontline staff."""
    return has_role(user, Role.FRONTLINE)


def can_view_responses(user, program) -> bool:
    """Read responses and comments: the owner and reviewers (comments can be personal)."""
    return is_program_owner(user, program) or is_reviewer(user)


def can_manage_debriefs(user, program) -> bool:
    """Issue and revoke presenter debrief links, write the staff debrief, import responses."""
    return is_program_owner(user, program) or is_reviewer(user)


def can_correct_paper_entry(user, program, response) -> bool:
    """Correct a keyed-in paper form: the staff member who keyed it in, or reviewers."""
    if is_reviewer(user):
        return True
    return (
        is_staff(user) and response.entered_by_id == user.id and can_enter_responses(user, program)
    )


# --- Results --------------------------------------------------------------------------------
def can_view_program_report(user, program) -> bool:
    """Read a program's report (plan against reality, verdicts, comments): owner and reviewers."""
    return can_view_responses(user, program)


def can_pick_report_comments(user, program) -> bool:
    """Choose the comments a program's impact report quotes: its owner and reviewers."""
    return can_view_program_report(user, program)


def can_assess_objectives(user) -> bool:
    """Write the assessment beside a computed verdict: coordinators and administrators."""
    return is_reviewer(user)


def can_view_portfolio(user) -> bool:
    """See the portfolio dashboard and the annual statistics."""
    return is_reviewer(user)


def can_export(user) -> bool:
    """Export programs' results to Excel: coordinators and administrators."""
    return is_reviewer(user)


# --- Community needs and engagement ---------------------------------------------------------
def can_view_needs(user) -> bool:
    """Read the needs register and the consultations: every staff member."""
    return is_staff(user)


def can_propose_need(user) -> bool:
    """Add a need to the register: programmers, coordinators and administrators."""
    return has_role(user, Role.PROGRAMMER, Role.COORDINATOR, Role.ADMIN)


def can_edit_need(user, need) -> bool:
    """Change a need's statement, groups and evidence: reviewers, and the programmer who owns it."""
    if is_reviewer(user):
        return True
    return has_role(user, Role.PROGRAMMER) and need.owner_id == user.id


def can_set_need_priority(user) -> bool:
    """Set a need's priority and status (met, set aside …): coordinators and administrators."""
    return is_reviewer(user)


def can_log_consultation(user) -> bool:
    """Log a consultation; frontline staff only the count of a pop-up conversation."""
    return is_staff(user)


def can_log_any_consultation(user) -> bool:
    """Log every kind of consultation, not only pop-ups: programmers and reviewers."""
    return has_role(user, Role.PROGRAMMER, Role.COORDINATOR, Role.ADMIN)


def can_edit_consultation(user, consultation) -> bool:
    """Correct a consultation: the person who logged it, and reviewers."""
    if is_reviewer(user):
        return True
    return is_staff(user) and consultation.created_by_id == user.id


def can_manage_community_survey(user) -> bool:
    """Start a community needs survey, open or close its public link: coordinators, admins."""
    return is_reviewer(user)


def can_key_community_survey(user) -> bool:
    """Key in paper community surveys: every staff member (frontline staff above all)."""
    return is_staff(user)


def can_import_community_survey(user) -> bool:
    """Import community survey responses from an online form's export: programmers, reviewers."""
    return has_role(user, Role.PROGRAMMER, Role.COORDINATOR, Role.ADMIN)


def can_view_engagement(user) -> bool:
    """See the engagement measures and download them: coordinators and administrators."""
    return is_reviewer(user)


def can_record_agreement(user) -> bool:
    """Record an agreement with a partner organisation: programmers, coordinators, admins."""
    return has_role(user, Role.PROGRAMMER, Role.COORDINATOR, Role.ADMIN)


def can_edit_agreement(user, agreement) -> bool:
    """Change or remove a partner agreement: reviewers, and the programmer who recorded it."""
    if is_reviewer(user):
        return True
    return has_role(user, Role.PROGRAMMER) and agreement.recorded_by_id == user.id
