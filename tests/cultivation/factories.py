"""Builders for cultivation tests (the shared tests/factories.py is not edited)."""

import datetime as dt

from qualitybrand.cultivation import services
from qualitybrand.cultivation.models import Application, Expert
from tests.factories import UserFactory


def make_call(region, programs, *, year=2014, opening=dt.date(2014, 6, 1), closing=dt.date(2014, 8, 31)):
    return services.create_call(None, name=f"{year}年度品牌认定申报", year=year, opening=opening, closing=closing,
                                programs=programs, region=region)


def make_application(call, program, entity, trademark=None, product_name="", *, state=None, user=None):
    app = services.create_application(user, call=call, program=program, entity=entity, trademark=trademark,
                                      product_name=product_name)
    if state is not None:
        Application.objects.filter(pk=app.pk).update(state=state)
        app.refresh_from_db()
    return app


def make_expert(region, name, **kwargs):
    user = UserFactory(role="expert", region=region)
    user.save()
    return Expert.objects.create(user=user, name=name, **kwargs)
