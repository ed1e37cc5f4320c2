"""Token authentication against the hashed tokens of `accounts.tokens`: an unknown, expired or
revoked token and an inactive account answer 401 saying which; a locked account gets 403."""

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


class QBTokenAuthentication(TokenAuthentication):
    """Subclasses DRF's class for its header parsing and so that the OpenAPI schema names it."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        from qualitybrand.accounts import tokens

        try:
            user, token = tokens.check(key)
        except tokens.TokenRefused as exc:
            raise exceptions.AuthenticationFailed(str(exc)) from None
        from qualitybrand.accounts.services import locked_message, minutes_left

        left = minutes_left(user) if getattr(user, "locked_until", None) else 0
        if left:
            raise exceptions.PermissionDenied(locked_message(left))
        return user, token
