"""Who may touch which kind of record, declared by each model and collected here for `gis_app.accounts`.

A model states its own rights as a class attribute `access = Access(...)`:
- `area`: for records an area officer manages, the paths from the record to its commune and to its geometry
  (a record without a commune is placed by its geometry inside the officer's unit);
- `own_producer`: the path to the producer id a producer account speaks for (its own records);
- `by_province`: only provincial officers and administrators write it (recognition decisions);
- `private`: fields only those who may change the record read (a household's own phone and e-mail): never the
  public or tourism planners, in every path (API, admin, exports, pages; `accounts.rules.reads_private`);
- `producer`, `area_officer`, `tourism_planner`: the model permissions (Django actions) of those roles'
  groups, which the admin reads.
Provincial officers hold app-wide permissions (`register_app(..., provincial_officer=...)`); administrators
are superusers. Each app's AppConfig.ready() calls `register_app(self)`, so adding a record type edits only
its app; `gis_app.accounts.rules` (which records) and `gis_app.accounts.roles` (which groups) read this.
Core knows no role model: the audiences here are names that accounts maps its roles onto.
"""
from dataclasses import dataclass

from django.apps import AppConfig
from django.db.models import Model

ALL = ("view", "add", "change", "delete")
EDIT = ("view", "add", "change")
VIEW = ("view",)
AUDIENCES = ("producer", "area_officer", "tourism_planner", "provincial_officer")


@dataclass(frozen=True)
class Access:
    area: tuple[str, str] | None = None
    own_producer: str | None = None
    by_province: bool = False
    private: tuple[str, ...] = ()
    producer: tuple[str, ...] = ()
    area_officer: tuple[str, ...] = ()
    tourism_planner: tuple[str, ...] = ()


_models: dict[type[Model], Access] = {}
_apps: dict[str, dict[str, tuple[str, ...]]] = {}


def register_app(app_config: AppConfig, provincial_officer: tuple[str, ...] = ALL, **app_wide: tuple[str, ...]) -> None:
    """Collect the `access` of each model of `app_config`, and the app-wide grants (audience=actions)."""
    for model in app_config.get_models():
        access = getattr(model, "access", None)
        if isinstance(access, Access):
            _models[model] = access
    grants = {"provincial_officer": provincial_officer, **app_wide}
    unknown = set(grants) - set(AUDIENCES)
    if unknown:
        raise ValueError(f"{app_config.label}: unknown audiences {sorted(unknown)}")
    _apps[app_config.label] = {audience: actions for audience, actions in grants.items() if actions}


def access_of(model: type[Model]) -> Access | None:
    """The `Access` a registered model declared, or None (not a record any role writes through the rules)."""
    return _models.get(model)


def area_paths(model: type[Model]) -> tuple[str, str] | None:
    """(commune path, geometry path) of an area record, or None."""
    access = _models.get(model)
    return access.area if access is not None else None


def grants(audience: str) -> list[tuple[str, str | None, tuple[str, ...]]]:
    """[(app label, model name or None for the whole app, actions)] of `audience`, in registration order."""
    rows: list[tuple[str, str | None, tuple[str, ...]]] = [
        (label, None, app_grants[audience]) for label, app_grants in _apps.items() if audience in app_grants]
    for model, access in _models.items():
        actions = getattr(access, audience, ())
        if actions:
            rows.append((model._meta.app_label, model._meta.model_name, actions))
    return rows


def registered_apps() -> list[str]:
    return list(_apps)
