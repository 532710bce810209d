"""Pages: the planner (/tours/), a tour for visitors (/tours/<id>/) and its print view."""
from django.shortcuts import get_object_or_404, render

from gis_app.registry.models import Producer, TourismSite

from .models import Tour


def planner(request):
    sites = TourismSite.objects.published().order_by("name")
    producers = Producer.objects.published().order_by("name")
    return render(request, "tours/planner.html", {"sites": sites, "producers": producers})


def _tour(request, pk):
    return get_object_or_404(Tour.objects.visible_to(request.user).prefetch_related("stops"), pk=pk)


def tour_page(request, pk):
    return render(request, "tours/tour.html", {"tour": _tour(request, pk)})


def tour_print(request, pk):
    return render(request, "tours/print.html", {"tour": _tour(request, pk)})
