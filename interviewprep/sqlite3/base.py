"""Django's SQLite backend, plus the step of SQLite's table-rebuild recipe that Django skips.

To alter a column, Django copies a table into a new one, drops the old and renames the new
(https://www.sqlite.org/lang_altertable.html#otheralter). Dropping the old table drops its
triggers, and with legacy_alter_table off the rename fails on any view or trigger elsewhere that
names the table. The search index (questions/migrations/0003_search.py) has both, so every
later migration that rebuilt questions_question would either lose the triggers silently or fail.
SQLite's recipe says to set those views and triggers aside and re-create them afterwards;
this schema editor does that.
"""

from django.db.backends.sqlite3 import base, schema


class DatabaseSchemaEditor(schema.DatabaseSchemaEditor):
    def _remake_table(self, model, *args, **kwargs) -> None:
        table = model._meta.db_table
        with self.connection.cursor() as cursor:
            # Views first when re-creating: triggers may read from them.
            cursor.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') "
                "AND (tbl_name = %s OR instr(sql, %s) > 0) ORDER BY type = 'trigger', rowid",
                [table, table],
            )
            dependants = cursor.fetchall()
        for kind, name, _sql in reversed(dependants):
            self.execute(f"DROP {kind.upper()} {self.quote_name(name)}", params=None)
        super()._remake_table(model, *args, **kwargs)
        for _kind, _name, sql in dependants:
            self.execute(sql, params=None)


class DatabaseWrapper(base.DatabaseWrapper):
    SchemaEditorClass = DatabaseSchemaEditor
