"""manage.py suspicious_dates: list stored dates the #22 bugs may have swapped or shifted; changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gis_app.core import csvout
from gis_app.core.dates import show_date
from gis_app.web.suspicious import evaluation_findings, legal_fact_findings, tour_findings


def shown(value):
    if value is None:
        return ""
    if isinstance(value, str):  # a decision number
        return value
    if hasattr(value, "hour"):
        return value.strftime("%d/%m/%Y %H:%M")
    return show_date(value)


class Command(BaseCommand):
    help = ("List recognition dates and validities that month-first typing may have swapped (day ≤ 12), validities "
            "that are not the decision date plus the rule set's months (without a recorded extension), decision dates "
            "after today, decision numbers not of the form <number>/QĐ-<issuer>, 1★/2★ results with a decision "
            "number, and tour departures at odd hours (the "
            "planner's 7-hour shift), for an officer to confirm in the admin. Read-only: nothing is changed.")

    def add_arguments(self, parser):
        parser.add_argument("--language", default=settings.LANGUAGE_CODE, choices=[c for c, _n in settings.LANGUAGES])
        parser.add_argument("--csv", action="store_true", help="write CSV (for a spreadsheet) instead of text")
        parser.add_argument("--all-ambiguous", action="store_true",
                            help="also list every decision date whose day is 12 or less (it reads either way)")

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            zone = settings.TIME_ZONE
            today = timezone.localdate()
            findings = (evaluation_findings(today, zone, options["all_ambiguous"]) + legal_fact_findings(today)
                        + tour_findings(zone))
            header = [_("record"), _("id"), _("field"), _("stored"), _("perhaps meant"), _("why"), _("admin page")]
            rows = [[f.kind, f.pk, f.field, shown(f.stored), shown(f.suggestion), "; ".join(f.reasons),
                     f"/admin/{'registry/evaluation' if f.kind == 'evaluation' else 'tours/tour'}/{f.pk}/change/"]
                    for f in findings]
            if options["csv"]:
                csvout.write(self.stdout, header, rows)  # formula-like cells defused, as every CSV written
                return
            if not rows:
                self.stdout.write(_("No suspicious dates found."))
                return
            for row in rows:
                self.stdout.write(" | ".join(str(v) for v in row))
            self.stdout.write(_("%(count)d values to confirm. Nothing was changed: correct them in the admin after "
                                "checking the signed decision or the tour's plan.") % {"count": len(rows)})
