"""Authentication backend: Django's ModelBackend with a cheaper lookup of the logged-in user."""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router


@cache
def _user_by_pk(alias: str) -> tuple:
    """What the ORM does for `User.objects.get(pk=...)`, prepared once per database.

    The SQL, the fields its columns fill, and the compiler with the converters its values need
    (SQLite's datetimes, for one). In a threaded server other threads reuse this compiler, which
    holds the first thread's connection, only to convert values: no query runs through it.
    """
    user_model = get_user_model()
    compiler = user_model._default_manager.filter(pk=0).query.get_compiler(alias)
    sql, _ = compiler.as_sql()
    columns = [column for column, _, _ in compiler.select]
    return (
        sql,
        [column.target.attname for column in columns],
        compiler,
        compiler.get_converters(columns),
    )


class UserLookupBackend(ModelBackend):
    """Every logged-in request reads its user; this reads it without building the query again.

    Still one indexed read per request, so a deactivated account or a changed password takes
    effect at once. Under load the ORM's `get(pk=...)` was the largest cost of a logged-in page
    (docs/performance.md); running the SQL it builds, as it would, costs a fraction of that.
    """

    def get_user(self, user_id):
        user_model = get_user_model()
        alias = router.db_for_read(user_model)
        sql, fields, compiler, converters = _user_by_pk(alias)
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, [user_id])
            rows = cursor.fetchall()
        if not rows:
            return None
        if converters:
            rows = list(compiler.apply_converters(rows, converters))
        user = user_model.from_db(alias, fields, rows[0])
        return user if self.user_can_authenticate(user) else None
