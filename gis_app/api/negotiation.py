"""The API speaks JSON to everyone, browsers included.

A browser opening an API link sends `Accept: text/html`; DRF then chose its browsable renderer,
which needs a serializer that our views (SQL-backed, hand-shaped answers) do not have, and
answered 500 (#25). The browsable API is off (settings: JSON only), and a request whose `Accept`
or `?format=` names no renderer of the view gets the view's first one instead of a 406/404:
the JSON a browser can show. Views with several renderers (the OpenAPI schema: YAML or JSON)
still choose by `Accept` and `?format=`.
"""
from django.http import Http404
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer


class JSONOnly(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        if request.method == "OPTIONS" and not any(isinstance(r, JSONRenderer) for r in renderers):
            # The metadata of an HTML-only view (the Swagger page) has no template to go in.
            renderer = JSONRenderer()
            return renderer, renderer.media_type
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except (NotAcceptable, Http404):
            return renderers[0], renderers[0].media_type
