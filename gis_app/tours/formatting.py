"""How tours write lengths and durations: one format for pages, print, admin and exports.

Times of day are hours:minutes (08:45); durations are hours and minutes ("1 giờ 05 phút"), lengths in km with
one decimal in the language's own way (1,9 km).
"""
from django.utils.formats import number_format
from django.utils.translation import gettext as _


def duration(seconds):
    """`seconds` as "2 h 05 min" / "45 min" in the active language."""
    minutes = round((seconds or 0) / 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return _("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)d min") % {"minutes": minutes}


def km(metres):
    """`metres` as "12,5 km" (Vietnamese) / "12.5 km"."""
    return _("%(km)s km") % {"km": number_format((metres or 0) / 1000, 1, use_l10n=True)}
