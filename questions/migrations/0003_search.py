"""Once created the search index as SQL views, triggers and functions; now does nothing.

Search is an ordinary Django-managed index in the `search` app. Databases that ran the old
version of this migration lose those objects in 0006_drop_sql_search_index.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("questions", "0002_user_study_data")]

    operations = []
