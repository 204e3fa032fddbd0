"""The outbox page: what was sent, what waits or failed; in development, the messages themselves."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.auth.forms import ConfirmForm
from program_planner.db import utcnow
from program_planner.extensions import db
from program_planner.mail import bp, service
from program_planner.mail.models import MailStatus, OutboxMessage


def _development() -> bool:
    return current_app.config["MAIL_BACKEND"] == "outbox"


@bp.route("/admin/outbox")
@permission_required(perm.can_read_outbox)
def outbox():
    """List the newest messages with their status and last error."""
    return render_template(
        "mail/outbox.html",
        messages=service.messages_for_outbox(),
        counts=service.waiting_counts(),
        development=_development(),
        retry_form=ConfirmForm(),
    )


@bp.route("/admin/outbox/<int:message_id>")
@permission_required(perm.can_read_outbox)
def outbox_message(message_id):
    """Show one message; its text only in development (it may carry personal links)."""
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    return render_template("mail/outbox_message.html", message=message, development=_development())


@bp.route("/admin/outbox/<int:message_id>/retry", methods=["POST"])
@permission_required(perm.can_read_outbox)
def outbox_retry(message_id):
    """Send a failed or refused message again (after the address or the server was fixed)."""
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    form = ConfirmForm()
    if form.validate_on_submit() and message.status in (MailStatus.FAILED, MailStatus.BOUNCED):
        service.clear_bounce(message.recipient)
        message.status, message.next_attempt_at, message.attempts = MailStatus.PENDING, utcnow(), 0
        db.session.info[service.TO_SEND] = True
        db.session.commit()
        flash(_("The message will be sent again."), "success")
    return redirect(url_for(".outbox"))
