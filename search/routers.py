"""Each search index exists only on the database it is written for.

A database router (Django's documented hook for "which database gets which table") keeps the
PostgreSQL index (QuestionDocument and its GIN indexes) off SQLite, and the SQLite FTS5 table
(created by a RunSQL with hints={"vendor": "sqlite"}) off PostgreSQL.
"""

from django.db import connections

POSTGRES_ONLY_MODELS = {"questiondocument"}


class SearchRouter:
    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints):
        if app_label != "search":
            return None
        vendor = connections[db].vendor
        if "vendor" in hints:
            return hints["vendor"] == vendor
        if model_name in POSTGRES_ONLY_MODELS:
            return vendor == "postgresql"
        return None
