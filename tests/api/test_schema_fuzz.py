"""Schemathesis over the whole OpenAPI schema: no 5xx, and every answer matches the schema.

Bounded so that `make test` stays short on a 2-core machine: a few examples per
operation, a fixed seed (derandomize), no example database. The budget is
OCOP_FUZZ_EXAMPLES examples per operation and generation mode (default 8).
Each request runs inside the test's transaction, so writes are rolled back.
"""
import base64
import os

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("OCOP_FUZZ_EXAMPLES", "8"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
STATUSES = {}  # (path, status) → how many answers, to check that a run did what it claims
MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_schema(client, settings):
    settings.OCOP_RATE_LIMIT = "0"  # the fuzzer sends hundreds of requests from one address
    settings.ALLOWED_HOSTS = ["*"]
    raw = client.get("/api/schema/?format=json").json()
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = WSGIHandler()
    # As Django's test client does: keep the test's connection (and its transaction) open across requests.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schema
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def allow_nul_everywhere(schema):
    """NUL bytes (and other control characters) in generated strings, headers included (#12: a NUL in the
    user name of a Basic Authorization header was a 500 on every /api/ URL)."""
    schema.config.generation.update(allow_x00=True, exclude_header_characters="")


def fuzz(schema, headers):
    """Run every operation of `schema` with the bounded budget; a list of failure descriptions."""
    STATUSES.clear()
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith("/api/schema"):
            continue  # the schema document itself (drf-spectacular's view), not an operation of ours
        for mode in MODES:
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
                      report_multiple_bugs=False)
            def run(case):
                response = case.call_and_validate(headers=headers, checks=CHECKS)
                key = (operation.path, response.status_code)
                STATUSES[key] = STATUSES.get(key, 0) + 1

            try:
                run()
            except Unsatisfiable:
                continue  # no invalid input exists for this operation (e.g. a list without parameters)
            except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - report every operation together
                failures.append(f"{operation.method.upper()} {operation.path} [{mode.value}]: {error}")
    return failures


def test_every_api_operation_survives_fuzzing_as_anonymous(api_schema):
    allow_nul_everywhere(api_schema)
    failures = fuzz(api_schema, headers={})
    assert not failures, "\n\n".join(failures)
    assert STATUSES.get(("/api/v1/supply/clusters/", 403), 0) > 0 and STATUSES.get(("/api/v1/sites/", 200), 0) > 0


def test_every_api_operation_survives_fuzzing_as_staff(api_schema, django_user_model, settings):
    # HTTP Basic checks the password on every request; the production hasher (PBKDF2) would spend the budget there.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    django_user_model.objects.create_superuser("fuzzer", "f@example.org", "fuzz-password-123")
    token = base64.b64encode(b"fuzzer:fuzz-password-123").decode()
    failures = fuzz(api_schema, headers={"Authorization": f"Basic {token}"})
    # The credentials worked: the staff-only supply API answered (anonymous gets 403 there).
    assert STATUSES.get(("/api/v1/supply/clusters/", 200), 0) > 0
    assert not failures, "\n\n".join(failures)


NUL_HEADERS = [
    {"Authorization": "Basic " + base64.b64encode(b"ad\x00min:secret").decode()},
    {"Authorization": "Basic " + base64.b64encode(b"admin:sec\x00ret").decode()},
    {"Authorization": "Basic ad\x00min"},
    {"Authorization": "Bearer \x00"},
    {"Accept-Language": "vi\x00"},
    {"If-Match": '"1\x00"'},
    {"X-Forwarded-For": "1.2.3.4\x00"},
    {"X-CSRFToken": "\x00"},
    {"Cookie": "sessionid=\x00; csrftoken=\x00"},
]


def test_nul_bytes_in_headers_of_every_operation_are_never_a_5xx(api_schema, client):
    """Every operation of the schema, called with NUL bytes in the headers people send (#12)."""
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith("/api/schema"):
            continue
        path = operation.path.replace("{id}", "1").replace("{fmt}", "gpx").replace("{action}", "submit")
        path = __import__("re").sub(r"\{[^}]+\}", "1", path)
        for headers in NUL_HEADERS:
            meta = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}
            response = getattr(client, operation.method.lower())(path, **meta)
            assert response.status_code < 500, (operation.method, path, headers, response.status_code)


def test_the_stateful_phase_finds_no_5xx(api_schema, django_user_model, settings):
    """Schemathesis' stateful phase: sequences of calls linked by the values earlier answers gave (ids from a
    list into its detail, a saved tour into publish/export…), as staff, with NUL bytes allowed."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    django_user_model.objects.create_superuser("fuzzer", "f@example.org", "fuzz-password-123")
    token = base64.b64encode(b"fuzzer:fuzz-password-123").decode()
    allow_nul_everywhere(api_schema)
    machine = api_schema.as_state_machine()
    calls = []

    class Machine(machine):
        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Basic {token}"}}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            calls.append((case.operation.path, response.status_code))
            assert response.status_code < 500, (case.method, case.formatted_path, response.status_code)

    Machine.run(settings=settings_for_stateful())
    assert calls and not [c for c in calls if c[1] >= 500]


def settings_for_stateful():
    return settings(max_examples=int(os.environ.get("OCOP_FUZZ_STATEFUL_EXAMPLES", "15")), deadline=None,
                    derandomize=True, database=None, stateful_step_count=6,
                    suppress_health_check=list(HealthCheck), report_multiple_bugs=False)
