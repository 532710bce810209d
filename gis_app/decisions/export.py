"""The decision-level workbook: per recognition decision, the products it recognises as an office publishes
them (number, date, issuer, product, producer, commune or ward and district as on the decision date, stars,
validity). One SQL query (bound parameters, the unit covering the producer on the decision's date found by
PostGIS); cells typed by the project's XLSX writer (layers/xlsx.py): dates as dates, stars as numbers, text as
text."""
from django.db import connection
from django.utils.translation import gettext as _

from gis_app.core.validity import in_force_sql_at
from gis_app.places.models import AdminUnit, UnitName
from layers.xlsx import write_table

from .models import Decision

# The unit's kind and name on the decision date: its dated name (UnitName) if it has one, else its own.
_NAME_ON = """COALESCE((SELECT n.kind || ' ' || n.name FROM places_unitname n WHERE n.unit_id = {u}.id
                         AND """ + in_force_sql_at("n", "d.date", UnitName.VALIDITY) + """
                         ORDER BY n.valid_from DESC LIMIT 1), {u}.kind || ' ' || {u}.name)"""

SQL = f"""
SELECT d.number, d.date, i.name_vi, d.subject, p.name, pr.name, {_NAME_ON.format(u="c")}, {_NAME_ON.format(u="dist")},
       e.stars, e.valid_until, e.revoked_on
  FROM decisions_decisionitem it
  JOIN decisions_decision d ON d.id = it.decision_id
  JOIN decisions_issuer i ON i.id = d.issuer_id
  JOIN registry_evaluation e ON e.id = it.evaluation_id
  JOIN registry_product p ON p.id = e.product_id
  JOIN registry_producer pr ON pr.id = p.producer_id
  LEFT JOIN LATERAL (
       SELECT u.* FROM places_adminunit u
        WHERE u.level = 'commune' AND {in_force_sql_at("u", "d.date", AdminUnit.VALIDITY)}
          AND ST_Covers(u.geom, pr.location::geometry)
        ORDER BY u.code LIMIT 1) c ON true
  LEFT JOIN places_adminunit dist ON dist.id = c.parent_id AND dist.level = 'district'
 WHERE d.kind = %(kind)s AND (%(year)s::int IS NULL OR EXTRACT(YEAR FROM d.date) = %(year)s::int)
   AND (%(issuer)s::bigint IS NULL OR d.issuer_id = %(issuer)s::bigint)
 ORDER BY d.date, i.name_vi, d.number, p.name
"""

KINDS = ["string", "date", "string", "string", "string", "string", "string", "string", "integer", "date", "date"]


def titles():
    return [_("Decision number"), _("Decision date"), _("Issuer"), _("Subject"), _("Product"), _("Producer"),
            _("Commune or ward (on the decision date)"), _("District (on the decision date)"), _("Stars"),
            _("Valid until"), _("Revoked on")]


def decision_rows(year=None, issuer=None):
    with connection.cursor() as cursor:
        cursor.execute(SQL, {"kind": Decision.Kind.RECOGNITION, "year": year, "issuer": issuer})
        return cursor.fetchall()


def write_decisions_xlsx(stream, year=None, issuer=None):
    """Write the workbook to `stream` (a file or a response) with the project's writer (typed cells, frozen
    bold header, Excel's filters on); the number of product rows."""
    return write_table(stream, _("Decisions"), titles(), KINDS, decision_rows(year, issuer))
