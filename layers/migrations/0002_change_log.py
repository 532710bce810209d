from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('layers', '0001_data_version'),
    ]

    operations = [
        # The counter's triggers go with their function; post_migrate installs the change-log triggers.
        migrations.RunSQL("DROP FUNCTION IF EXISTS layers_bump_version() CASCADE", migrations.RunSQL.noop),
        migrations.CreateModel(
            name='DataChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('table_name', models.CharField(max_length=128)),
                ('changed_at', models.DateTimeField()),
            ],
            options={
                'db_table': 'layers_datachange',
            },
        ),
        migrations.DeleteModel(
            name='DataVersion',
        ),
        migrations.AddIndex(
            model_name='datachange',
            index=models.Index(fields=['table_name', 'id'], name='layers_datachange_table_id'),
        ),
    ]
