"""Token authentication that honours account state: inactive accounts fail, locked ones get 403."""

from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


class QBTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)  # refuses inactive users (401)
        if getattr(user, "locked_until", None) and user.locked_until > timezone.now():
            from qualitybrand.accounts.services import locked_message, minutes_left

            raise exceptions.PermissionDenied(locked_message(minutes_left(user)))
        return user, token
