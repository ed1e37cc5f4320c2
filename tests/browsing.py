"""Shared steps of the browser tests."""

from tests.accounts.factories import PASSWORD


def log_in(page, live_server, username: str, password: str = PASSWORD) -> None:
    """Log in through the login form and wait for the shell."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.login-form button[type=submit]")
    page.wait_for_selector(".topbar")
