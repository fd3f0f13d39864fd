"""Once rebuilt the SQL search triggers with filter columns; now does nothing (see 0003)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("questions", "0004_study_loop")]

    operations = []
