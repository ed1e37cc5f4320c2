"""The 市场主体 a user account belongs to (an enterprise user), without accounts importing the registry above it:
the model is the one `User.entity` points to (registry.Entity)."""

from __future__ import annotations


def entity_model():
    from django.contrib.auth import get_user_model

    return get_user_model()._meta.get_field("entity").related_model
