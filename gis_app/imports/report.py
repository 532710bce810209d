"""An import report as lines of text (for the command) and as plain data (stored with an import run)."""
from dataclasses import asdict

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def summary(report):
    """One sentence saying what happened (or would happen) and why nothing was written, if so."""
    counts = _("%(created)s to create, %(updated)s to update") % {"created": report.created,
                                                                   "updated": report.updated}
    if report.problems:
        count = max(len(report.problems), report.problem_count)
        return ngettext("Nothing was written: %(count)s problem.", "Nothing was written: %(count)s problems.",
                        count) % {"count": count}
    if report.committed:
        return _("Imported: %(created)s created, %(updated)s updated.") % {"created": report.created,
                                                                          "updated": report.updated}
    if report.dry_run and report.duplicates:
        return _("Dry run, nothing written: %(counts)s; %(count)s likely duplicates to review.") % {
            "counts": counts, "count": len(report.duplicates)}
    if report.duplicates:
        return _("Nothing was written: %(count)s likely duplicates to review (%(counts)s). Accept them to import "
                 "anyway.") % {"count": len(report.duplicates), "counts": counts}
    return _("Dry run, nothing written: %(counts)s.") % {"counts": counts}


def duplicate_text(duplicate):
    if duplicate.existing_id is not None:
        where = _("record #%(id)s “%(name)s” in the registry") % {"id": duplicate.existing_id,
                                                                 "name": duplicate.name}
    else:
        where = _("row %(row)s “%(name)s” of this file") % {"row": duplicate.other_row, "name": duplicate.name}
    if duplicate.near:
        why = _("same name, %(metres).0f m away") % {"metres": duplicate.metres}
    elif duplicate.metres is not None:
        why = _("same name, same commune")
    else:
        why = _("same name, same producer")
    return _("row %(row)s looks like %(where)s (%(why)s)") % {"row": duplicate.row, "where": where, "why": why}


def report_lines(report):
    lines = [f"{report.source}: " + "; ".join(str(n) for n in report.notes)]
    lines.append(_("Columns: %(mapping)s") % {"mapping": ", ".join(f"{c} → {f}" for f, c in report.mapping.items())})
    lines += [str(problem) for problem in report.problems]
    lines += [duplicate_text(d) for d in report.duplicates]
    lines += [_("row %(row)s: %(note)s") % {"row": o.row, "note": note} for o in report.outcomes for note in o.notes]
    lines += [_("row %(row)s: %(note)s") % {"row": o.row, "note": "; ".join(o.changes)}
              for o in report.outcomes if o.changes]
    lines.append(summary(report))
    return lines


def as_data(report):
    """The report as JSON-ready data."""
    data = asdict(report)
    data.pop("placed", None)
    data.update(created=report.created, updated=report.updated, unchanged=report.unchanged, summary=summary(report),
                duplicates=[dict(asdict(d), text=duplicate_text(d)) for d in report.duplicates])
    return data
