from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("events/", views.events_page, name="events"),
    path("events.ics", views.events_ics, name="ics"),
    path("events/<int:pk>.ics", views.event_ics, name="event-ics"),
]
