"""Imports recorded as ImportRun rows, with the records placed only by commune flagged for checking."""
from django.contrib.contenttypes.models import ContentType

from gis_app.core.importing import ImportFailed
from gis_app.core.readers import open_table

from .kinds import KINDS
from .models import ImportRun, LocationToCheck
from .report import as_data, summary
from .service import Options, run_import


def store(run, report, columns=()):
    """Save `run` with the outcome of `report`; flag the rows placed at a commune's centre if it was imported."""
    run.state = (ImportRun.State.IMPORTED if report.committed
                 else ImportRun.State.REFUSED if report.problems else ImportRun.State.CHECKED)
    run.summary = summary(report)[:500]
    run.report = dict(as_data(report), columns=list(columns))
    run.save()
    if report.committed:
        content_type = ContentType.objects.get_for_model(KINDS[report.kind][0].model)
        LocationToCheck.objects.bulk_create(
            (LocationToCheck(run=run, content_type=content_type, object_id=pk, row=row, commune_id=commune)
             for row, pk, commune in report.placed), batch_size=1000)
    return run


def options_of(run, commit=False, accept_duplicates=False, progress=False):
    return Options(kind=run.kind, mapping=run.mapping, crs=run.crs, central_meridian=run.central_meridian,
                   commit=commit, accept_duplicates=accept_duplicates, progress=progress, user=run.user)


def execute(run, path, commit=False, accept_duplicates=False, progress=False):
    """Read `path`, run the import `run` describes (a dry run unless `commit`) and store its report on `run`.

    The file is streamed (readers.open_table: limits checked before the rows are read). Returns (report or
    None when the file is unreadable or over a limit, table columns).
    """
    try:
        table = open_table(path, run.file_name)
        report = _run(run, table, commit, accept_duplicates, progress)
    except ImportFailed as failed:
        run.state, run.summary = ImportRun.State.REFUSED, str(failed.problems[0].message)[:500]
        run.report = {"problems": [vars(p) for p in failed.problems], "summary": run.summary}
        run.save()
        return None, []
    return report, table.columns


def _run(run, table, commit, accept_duplicates, progress):
    options = options_of(run, commit, accept_duplicates, progress)
    if commit:  # the run and its flags are written in the import's own transaction
        report = run_import(table, options, after_write=lambda done: store(run, done, table.columns))
        if not report.committed:
            store(run, report, table.columns)
    else:
        report = run_import(table, options)
        store(run, report, table.columns)
    return report
