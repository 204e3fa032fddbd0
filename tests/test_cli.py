"""Commands: flask users create, flask demo load."""

import sqlalchemy as sa

from program_planner.auth.models import User
from tests.conftest import PASSWORD, query, sign_in


def test_users_create_prompts_for_the_password(clean_app, branch):
    runner = clean_app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--username",
            "Maria",
            "--full-name",
            "Maria Lopez",
            "--role",
            "coordinator",
            "--branch",
            "cen",
        ],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created coordinator account 'maria' at Central Library." in result.output
    assert PASSWORD not in result.output
    assert sign_in(clean_app.test_client(), "maria").status_code == 302


def test_users_create_refuses_a_weak_password_and_unknown_branch(clean_app, branch):
    runner = clean_app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--username",
            "weak",
            "--full-name",
            "W",
            "--role",
            "admin",
            "--branch",
            "CEN",
            "--password",
            "password1234",
        ]
    )
    assert result.exit_code != 0 and "too common" in result.output
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--username",
            "nob",
            "--full-name",
            "N",
            "--role",
            "admin",
            "--branch",
            "ZZZ",
            "--password",
            PASSWORD,
        ]
    )
    assert result.exit_code != 0 and "No branch with code 'ZZZ'. Known: CEN" in result.output
    assert query(clean_app, sa.select(User.username)) == []


def test_demo_load_is_idempotent_and_its_accounts_sign_in(clean_app):
    from program_planner.demo import DEMO_ACCOUNTS

    runner = clean_app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    second = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0 and "Demo data loaded." in first.output
    assert "already present; nothing changed" in second.output
    assert query(clean_app, sa.select(sa.func.count(User.id))) == [len(DEMO_ACCOUNTS)]
    client = clean_app.test_client()
    for username, password, *_rest in DEMO_ACCOUNTS:
        assert sign_in(client, username, password).status_code == 302
        client.post("/logout")


def test_branch_create_command(clean_app):
    result = clean_app.test_cli_runner().invoke(
        args=["users", "create-branch", "--name", "Main", "--code", "mn"]
    )
    assert result.exit_code == 0 and "Created branch 'Main' (MN)." in result.output
