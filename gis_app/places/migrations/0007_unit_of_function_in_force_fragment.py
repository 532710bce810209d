"""places_unit_of and places_unit_json again, with the text the code now writes (#27: "in force on a day" is one SQL fragment,
gis_app/core/validity.py, which brackets the end test). The rule is unchanged; tests/api/test_units_on.py checks
that the database's function is the code's text, so the function follows the fragment here."""
from django.db import migrations

UNIT_OF_FUNCTION = """
CREATE OR REPLACE FUNCTION places_unit_of(rec_commune bigint, rec_point geometry, unit_level text, unit_day date)
RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE AS $body$SELECT COALESCE(
    (SELECT m.unit_id FROM (
    SELECT c.id AS commune_id, COALESCE(
        (SELECT n.id FROM places_adminunit n
          WHERE n.level = unit_level AND (n.valid_from <= unit_day AND (n.valid_to IS NULL OR n.valid_to > unit_day)) AND n.id IN (c.id, c.parent_id,
                (SELECT g.parent_id FROM places_adminunit g WHERE g.id = c.parent_id))
          LIMIT 1),
        (SELECT min(n.id) FROM places_unitsuccession s
           JOIN places_adminunit n ON n.id = CASE WHEN s.old_unit_id = c.id THEN s.new_unit_id ELSE s.old_unit_id END
          WHERE (s.old_unit_id = c.id OR s.new_unit_id = c.id) AND n.level = unit_level AND (n.valid_from <= unit_day AND (n.valid_to IS NULL OR n.valid_to > unit_day))
          HAVING count(*) = 1)
    ) AS unit_id
    FROM places_adminunit c
) m WHERE m.commune_id = rec_commune),
    (SELECT n.id FROM places_unitsuccession s
       JOIN places_adminunit n ON n.id = CASE WHEN s.old_unit_id = rec_commune THEN s.new_unit_id ELSE s.old_unit_id END
      WHERE (s.old_unit_id = rec_commune OR s.new_unit_id = rec_commune) AND n.level = unit_level AND (n.valid_from <= unit_day AND (n.valid_to IS NULL OR n.valid_to > unit_day))
      ORDER BY CASE WHEN ST_Covers(n.geom, rec_point) THEN 0 ELSE ST_Distance(n.geom, rec_point) + 1 END,
               NOT s.is_main_successor, n.code
      LIMIT 1),
    (SELECT n.id FROM places_adminunit n
      WHERE n.level = unit_level AND (n.valid_from <= unit_day AND (n.valid_to IS NULL OR n.valid_to > unit_day)) AND rec_point IS NOT NULL
      ORDER BY n.geom <-> rec_point, n.code
      LIMIT 1)
)$body$;
"""
UNIT_JSON_FUNCTION = """
CREATE OR REPLACE FUNCTION places_unit_json(unit_id bigint, unit_day date)
RETURNS jsonb LANGUAGE sql STABLE PARALLEL SAFE AS $body$SELECT jsonb_build_object(
    'id', u.id, 'code', u.code, 'level', u.level, 'kind', COALESCE(uh.kind, u.kind), 'name', COALESCE(uh.name, u.name),
    'parent', CASE WHEN p.id IS NULL THEN NULL ELSE jsonb_build_object(
        'id', p.id, 'code', p.code, 'level', p.level, 'kind', COALESCE(ph.kind, p.kind),
        'name', COALESCE(ph.name, p.name)) END)
  FROM places_adminunit u
  LEFT JOIN places_adminunit p ON p.id = u.parent_id
  LEFT JOIN LATERAL (SELECT h.kind, h.name FROM places_unitname h
              WHERE h.unit_id = u.id AND (h.valid_from <= unit_day AND (h.valid_to IS NULL OR h.valid_to > unit_day))
              ORDER BY h.valid_from DESC LIMIT 1) uh ON true
  LEFT JOIN LATERAL (SELECT h.kind, h.name FROM places_unitname h
              WHERE h.unit_id = p.id AND (h.valid_from <= unit_day AND (h.valid_to IS NULL OR h.valid_to > unit_day))
              ORDER BY h.valid_from DESC LIMIT 1) ph ON true
 WHERE u.id = unit_id$body$;
"""


class Migration(migrations.Migration):
    dependencies = [("places", "0006_merge_unit_functions_and_validity_labels")]

    operations = [
        # Reversing leaves the function as it is: the rule is the same either way.
        migrations.RunSQL(UNIT_OF_FUNCTION, migrations.RunSQL.noop),
        migrations.RunSQL(UNIT_JSON_FUNCTION, migrations.RunSQL.noop),
    ]
