"""Load administrative units (GeoJSON through GDAL) and their successions (CSV), idempotently."""
import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.gis.gdal import DataSource
from django.contrib.gis.geos import MultiPolygon

from gis_app.core.importing import as_date

from .models import AdminUnit, UnitName, UnitSuccession

# The demo's boundaries (scripts/make_demo_units.py: Voronoi cells of the official centres), said in the data.
DEMO_SHAPES = "Ranh giới minh họa dựng từ vị trí trụ sở (dữ liệu demo), không phải ranh giới chính thức"


def load_units(path: Path, importer: Any, shape_source: str = "") -> int:
    """Create or update the units in a GeoJSON file; parents are resolved by code among units valid together.

    `shape_source` says where the boundaries come from (the demo's are drawn, not surveyed); a `shape_source`
    property of a feature wins."""
    layer = DataSource(str(path))[0]
    rows = [{name: feat.get(name) for name in layer.fields} | {"geom": feat.geom.geos} for feat in layer]
    # Parents first, so that children can find them.
    order = {"province": 0, "district": 1, "commune": 2}
    rows.sort(key=lambda r: order[r["level"]])
    saved: dict[tuple[str, Any], AdminUnit] = {}  # (code, first day) -> unit
    for n, row in importer.rows(path.name, rows, "units"):
        geom = row["geom"]
        if geom.geom_type == "Polygon":
            geom = MultiPolygon(geom, srid=4326)
        geom.srid = 4326
        valid_from = as_date(row["valid_from"])
        unit = AdminUnit.objects.filter(code=row["code"], valid_from=valid_from).first() or AdminUnit(
            code=row["code"], valid_from=valid_from
        )
        unit.level, unit.kind, unit.name = row["level"], row["kind"] or "", row["name"]
        unit.valid_to = as_date(row["valid_to"])
        unit.geom = geom
        unit.shape_source = row.get("shape_source") or shape_source
        unit.parent = saved.get((row["parent_code"], valid_from)) if row["parent_code"] else None
        if row["parent_code"] and unit.parent is None:
            importer.report(path.name, n, f"unknown parent {row['parent_code']}", "parent_code")
            continue
        if importer.save(path.name, n, unit, exclude=["parent"]):
            saved[(unit.code, valid_from)] = unit
    return len(saved)


def load_successions(path: Path, importer: Any) -> int:
    """Create the old → new unit links listed in a CSV (old_code, new_code, is_main_successor, area_share, effective).

    The old unit is the one ending on `effective`, the new one the one starting then: code plus
    validity, since a new unit may carry the code of one of its old parts.
    """
    count, kept = 0, dict[Any, set[int]]()  # effective day -> links kept
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for n, row in importer.rows(path.name, rows, "successions"):
        effective = as_date(row["effective"])
        old = AdminUnit.objects.filter(code=row["old_code"], valid_to=effective).first()
        new = AdminUnit.objects.filter(code=row["new_code"], valid_from=effective).first()
        if old is None or new is None:
            importer.report(path.name, n, "unknown unit code", "old_code" if old is None else "new_code")
            continue
        link, _ = UnitSuccession.objects.update_or_create(
            old_unit=old, new_unit=new,
            defaults={"effective": effective, "is_main_successor": row["is_main_successor"] == "1",
                      "area_share": Decimal(row["area_share"]) if row.get("area_share") else None,
                      "legal_basis": row.get("legal_basis") or ""},
        )
        count += 1
        kept.setdefault(effective, set()).add(link.pk)
    # The file is the whole list for its dates: links a previous version listed and this one does not go.
    for effective, pks in kept.items():
        UnitSuccession.objects.filter(effective=effective).exclude(pk__in=pks).delete()
    return count


def load_unit_history(path: Path, importer: Any) -> int:
    """Kinds and names of units over time from a CSV (code, unit_valid_from, valid_from, valid_to, kind, name,
    decision); the unit is identified by its code and its own first day."""
    if not path.exists():
        return 0
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    count, kept = 0, dict[int, set[int]]()  # unit id -> names kept
    for n, row in importer.rows(path.name, rows, "unit history"):
        unit = AdminUnit.objects.filter(code=row["code"], valid_from=as_date(row["unit_valid_from"])).first()
        if unit is None:
            importer.report(path.name, n, "unknown unit code", "code")
            continue
        name, _ = UnitName.objects.update_or_create(
            unit=unit, valid_from=as_date(row["valid_from"]),
            defaults={"valid_to": as_date(row["valid_to"]), "kind": row["kind"], "name": row["name"],
                      "decision": row["decision"]},
        )
        kept.setdefault(unit.pk, set()).add(name.pk)
        count += 1
    # A unit's history is the file's whole list for it: a corrected date replaces the old row.
    for unit_id, pks in kept.items():
        UnitName.objects.filter(unit_id=unit_id).exclude(pk__in=pks).delete()
    return count
