"""MEDIA_URL: the files of photos, to those who may see their record (gis_app/photos/queries.py). Files that
belong to no photo (import sources, job results, boundary uploads) are not served here: 404."""
from django.http import Http404
from django.views.decorators.http import require_safe

from . import queries, serving
from .models import Photo


@require_safe
def media(request, path):
    # A public photo is found without reading the session: its answer is the same for everybody (no Vary: Cookie).
    photo = Photo.objects.published().of_file(path).first()
    public = photo is not None
    if photo is None:
        photo = queries.visible_to(request.user).of_file(path).first()
    if photo is None:
        raise Http404
    field_file = photo.image if photo.image.name == path else photo.thumbnail
    response = serving.file_response(request, field_file, public)
    if response is None:  # the row names a file the storage no longer has
        raise Http404
    return response
