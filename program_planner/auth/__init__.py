"""Accounts, roles, sign-in and the permission rules."""

from flask import Blueprint

bp = Blueprint("auth", __name__, template_folder="templates")

from program_planner.auth import views  # noqa: E402, F401
