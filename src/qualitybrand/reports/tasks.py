"""Background work of the document archive (django-tasks): a document is generated in the worker, never in
a web request (tests run tasks at once)."""

from django_tasks import task


@task()
def generate_document(doc_id: int) -> int:
    from qualitybrand.reports.models import IssuedDocument
    from qualitybrand.reports.services import generate

    doc = IssuedDocument.objects.select_related("region").filter(pk=doc_id).first()
    if doc is not None:
        generate(doc)
    return doc_id
