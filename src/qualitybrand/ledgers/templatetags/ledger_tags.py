"""`{{ batch.ledger|ledger_title }}`: a ledger by its Chinese name (市场主体), never its code (entities)."""

from django import template

register = template.Library()


@register.filter
def ledger_title(name: str) -> str:
    from qualitybrand.ledgers.engine import LEDGERS

    spec = LEDGERS.get(name)
    return spec.title if spec is not None else name
