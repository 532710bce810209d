"""`{% round_pipeline %}`: the dossiers of each open round (and those not yet in one) by stage, for the overview."""
from django import template

from ..models import Round
from ..workflow import pipeline

register = template.Library()


@register.inclusion_tag("dossiers/_pipeline.html")
def round_pipeline():
    counts = pipeline()
    rounds = {r.pk: r for r in Round.objects.filter(pk__in=[k for k in counts if k]) | Round.objects.filter(
        closed=False)}
    rows = [{"round": rounds[pk], "counts": counts.get(pk, dict.fromkeys(
        ("received", "returned", "checked", "scored", "decided"), 0))} for pk in sorted(rounds, reverse=True)]
    if None in counts:
        rows.append({"round": None, "counts": counts[None]})
    return {"rows": rows}
