from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def rebuild_sqlite_search_index(sender, using: str = "default", **kwargs) -> None:
    """After `migrate` or `flush`, rebuild SQLite's full-text index from its content tables.

    `flush` empties tables with foreign-key checks off and in any order, so a trigger can no
    longer see the topic names a row was indexed with; a rebuild puts the index back in step.
    (PostgreSQL keeps its search column per row and needs nothing here.)
    """
    if connections[using].vendor != "sqlite":
        return
    from questions import search

    search.rebuild_index()


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = "Question bank"

    def ready(self) -> None:
        from questions import pagecache  # noqa: F401 - content changes expire cached pages

        post_migrate.connect(rebuild_sqlite_search_index, sender=self)
