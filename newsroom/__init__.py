# Load the Celery app with Django so that `@shared_task` binds to it. Tasks are sent once the transaction
# commits by services.extraction_enqueue (on_commit, robust: a broker that is down must not fail the upload).
from .celery import app as celery_app

__all__ = ("celery_app",)
