from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def rebuild_sqlite_search_index(sender, using: str = "default", **kwargs) -> None:
    """After `flush`, reset SQLite's full-text index to match the emptied tables.

    `flush` empties tables with foreign-key checks off and in any order, so a trigger can no
    longer see the topic names a row was indexed with and the index drifts. post_migrate is the
    signal `flush` sends; rebuilding only when there are no questions keeps `migrate` on a full
    database free of a full re-index. (PostgreSQL keeps its search column per row.)
    """
    if connections[using].vendor != "sqlite":
        return
    from questions import search
    from questions.models import Question

    if not Question.objects.using(using).exists():
        search.rebuild_index()


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = "Question bank"

    def ready(self) -> None:
        from questions import pagecache  # noqa: F401 - content changes expire cached pages

        post_migrate.connect(rebuild_sqlite_search_index, sender=self)
