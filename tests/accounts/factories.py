"""Users with a usable password (the shared UserFactory does not save the hashed password)."""

from tests.factories import UserFactory

PASSWORD = "Qb-test-Pass-2024"


def make_user(**kwargs):
    user = UserFactory(**kwargs)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user
