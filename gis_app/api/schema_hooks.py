"""OpenAPI post-processing: every operation documents the error answers it can actually give.

The house error shape comes from gis_app.core.errors and the middlewares
(rate limit 429, body size 413), which per-view annotations cannot see; one
hook adds them everywhere so that clients (and the schemathesis run in
tests/api/test_schema_fuzz.py) find every status code they may receive.
"""

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["message"],
            "properties": {"field": {"type": "string", "nullable": True}, "message": {"type": "string"}},
        },
        "errors": {"type": "object", "additionalProperties": True},
    },
}
DESCRIPTIONS = {
    "400": "Bad parameter or body: names the field and says what is wrong.",
    "403": "Not allowed (not logged in, or not staff).",
    "404": "No such record (or not visible to you).",
    "413": "Request body larger than the server accepts.",
    "429": "Too many requests from this address; see the Retry-After header.",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular POSTPROCESSING_HOOKS entry: the house error responses on every /api/ operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = ["400", "429"]
            if "{" in path:
                codes.append("404")
            if method.lower() != "get":
                codes += ["403", "413"]
            if operation.get("security") and {} not in operation["security"]:
                codes.append("403")
            responses = operation["responses"]
            for code in codes:
                if code not in responses:
                    responses[code] = {"description": DESCRIPTIONS[code],
                                       "content": {"application/json": {"schema": reference}}}
                    if code == "429":
                        responses[code]["headers"] = {"Retry-After": {"schema": {"type": "integer"},
                                                                      "description": "seconds"},
                                                      **RATE_LIMIT_HEADERS}
            for code, response in responses.items():
                if code.startswith("2"):
                    response.setdefault("headers", {}).update(RATE_LIMIT_HEADERS)
    return result


# The fields of gis_app/core/ratelimit.py on every answer (draft-ietf-httpapi-ratelimit-headers-10).
RATE_LIMIT_HEADERS = {
    "RateLimit-Policy": {"schema": {"type": "string"}, "example": '"api";q=1200;w=60',
                         "description": "the policy: q requests per w seconds, per client address"},
    "RateLimit": {"schema": {"type": "string"}, "example": '"api";r=1187;t=42',
                  "description": "r requests left in the window, which ends in t seconds"},
}
