"""Outgoing email: every message is a row of the outbox first, sent by the queue with retries."""

from flask import Blueprint

bp = Blueprint("mail", __name__, template_folder="templates")

from program_planner.mail import views  # noqa: E402, F401 - routes
