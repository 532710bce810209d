"""Answers for photo files: the file itself (FileResponse) or, behind nginx, an X-Accel-Redirect to its
internal location; with validators (ETag, Last-Modified) and the caching its visibility allows.

A public photo is cached for OCOP_MEDIA_MAX_AGE seconds by browsers and shared caches, `immutable` when its
name carries its content's hash (names given by `processing.cleaned`); any other answer is private and
revalidated, so a draft's photo never lands in a shared cache.
"""
import mimetypes
import re
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

# processing.cleaned names files "<stem>-<16 hex of the content's SHA-256>.<ext>"; the storage may add
# "_<7 characters>" when the same content is stored twice.
CONTENT_ADDRESSED = re.compile(r"-[0-9a-f]{16}(?:_[A-Za-z0-9]{7})?\.[a-z]+$")


def max_age():
    return getattr(settings, "OCOP_MEDIA_MAX_AGE", 365 * 24 * 3600)


def accel_prefix():
    """The nginx internal location files are handed to (OCOP_MEDIA_ACCEL_REDIRECT), or "" to stream them."""
    return getattr(settings, "OCOP_MEDIA_ACCEL_REDIRECT", "") or ""


def validators(field_file):
    """(ETag, Last-Modified as a timestamp) of a stored file, made as nginx makes them (modification time and
    size in hex), so that the ETag is the same whether this view or nginx (X-Accel-Redirect) sends the file."""
    storage, name = field_file.storage, field_file.name
    modified = int(storage.get_modified_time(name).timestamp())  # HTTP dates have whole seconds
    return f'"{modified:x}-{storage.size(name):x}"', modified


def cache_control(name, public):
    if not public:
        return "private, no-cache"
    immutable = ", immutable" if CONTENT_ADDRESSED.search(name) else ""
    return f"public, max-age={max_age()}{immutable}"


def file_response(request, field_file, public):
    """The answer to a GET/HEAD of `field_file` (already allowed): 304 when the client's copy is current."""
    name = field_file.name
    try:
        etag, modified = validators(field_file)
    except FileNotFoundError:
        return None
    response = get_conditional_response(request, etag=etag, last_modified=modified)
    if response is None:
        prefix = accel_prefix()
        if prefix:
            content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            response = HttpResponse(b"", content_type=content_type)
            response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
        else:
            response = FileResponse(field_file.open("rb"))
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = cache_control(name, public)
    return response
