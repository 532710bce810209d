"""What higher layers attach to the API's writes, from their AppConfig.ready() (the api imports none of them; as
`gis_app.api.resources.register` for read resources).

`attach("evaluation_revoked", hook)`: `hook(user=…, evaluation=…, data=…)` runs inside the revoke's transaction,
after the evaluation's revocation fields are saved; it raises `gis_app.core.errors.InputError` (naming the field,
in the request's language) to refuse the revocation, and nothing is written. It may return a dict merged into the
answer. `gis_app.decisions` attaches the revocation decision this way.
"""
EVENTS = ("evaluation_revoked",)

_hooks: dict[str, list] = {event: [] for event in EVENTS}


def attach(event, hook):
    """Run `hook` on `event` (once, however often ready() runs)."""
    if event not in _hooks:
        raise ValueError(f"unknown API event {event!r}; known: {', '.join(EVENTS)}")
    if hook not in _hooks[event]:
        _hooks[event].append(hook)


def run(event, **kwargs):
    """Run the hooks of `event`; their answers merged into one dict."""
    answer = {}
    for hook in _hooks[event]:
        answer.update(hook(**kwargs) or {})
    return answer
