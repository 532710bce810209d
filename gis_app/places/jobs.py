"""Background jobs of the admin's boundary upload: check (dry run) and write, through gis_app.jobs."""
import datetime
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from .boundaries import BoundaryImport


def boundary_import(options: dict[str, Any], progress: Callable[[int, int, str], Any] | None = None) -> BoundaryImport:
    options = dict(options)
    for key in ("valid_from", "valid_to"):
        options[key] = datetime.date.fromisoformat(options[key]) if options.get(key) else None
    return BoundaryImport(**options, progress=progress)


def check_boundaries(job: Any, progress: Callable[..., Any], options: dict[str, Any], write: bool = False) -> dict[str, Any]:
    """Run the checks on the uploaded file (and write when `write`); the result drives the admin page."""
    report = boundary_import(options, lambda n, total, label: progress(n, total, label, force=True)).run(
        dry_run=not write)
    if write or report.problems:  # the upload is no longer needed
        shutil.rmtree(Path(options["path"]).parent, ignore_errors=True)
    if report.written:
        message = _("%(n)s unit boundaries updated.") % {"n": len(report.units)}
    elif report.problems:
        message = _("Nothing was written; %(n)s problem(s):") % {"n": len(report.problems)}
    else:
        message = _("%(n)s unit boundaries would be updated (dry run).") % {"n": len(report.units)}
    return {"message": message, "ok": report.ok, "written": report.written, "count": len(report.units),
            "problems": [str(p) for p in report.problems], "notes": [str(n) for n in report.notes],
            "preview": report.preview() if report.units and not write else None}
