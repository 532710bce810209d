"""What `OPTIONS` on an API URL answers.

DRF's default metadata describes the POST/PUT form of the view's serializer; our views build their
answers in SQL and have none, so OPTIONS was a 500 (#25). The answer names the resource and what it
renders and parses; the fields are in the OpenAPI schema (/api/schema/).
"""
from rest_framework.metadata import SimpleMetadata


class ResourceMetadata(SimpleMetadata):
    def determine_metadata(self, request, view):
        metadata = super().determine_metadata(request, view)
        metadata.pop("actions", None)
        metadata["schema"] = "/api/schema/"
        return metadata

    def determine_actions(self, request, view):
        return {}
