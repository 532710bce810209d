from django.contrib.postgres.operations import CreateExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """The database extensions every other app relies on."""

    initial = True
    dependencies = []
    operations = [
        CreateExtension("postgis"),
        CreateExtension("pgrouting"),
        UnaccentExtension(),
    ]
