"""Route decorators that enforce the rules in auth/permissions.py."""

from functools import wraps

from flask import abort
from flask_login import current_user

from program_planner.extensions import login_manager


def permission_required(check):
    """Let the request through only when check(current_user) holds; else sign in or 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not check(current_user):
                abort(403)
            return view(*args, **kwargs)

        wrapped.permission = check
        return wrapped

    return decorator
