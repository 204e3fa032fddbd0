"""Route of the learning loop: the panel of similar past programs, sent again as choices change."""

from flask import render_template, request

from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.extensions import db
from program_planner.programs.models import Program
from program_planner.reports import bp
from program_planner.reports.program_report.learning import chosen_groups, similar_programs
from program_planner.web import parse_id


@bp.route("/similar-programs")
@permission_required(perm.can_view_programs)
def similar_programs_panel():
    """Send the panel of similar past programs for a type and target groups being chosen."""
    program = db.session.get(Program, parse_id(request.args.get("program")) or 0)
    saved_type = program.program_type if program else None
    program_type = request.args.get("program_type", saved_type) or None
    groups = chosen_groups(request.args.getlist("target_group"))
    past = similar_programs(program_type, program.id if program else None, groups)
    return render_template(
        "reports/_learning_panel.html", past=past, _type=program_type, program=program
    )
