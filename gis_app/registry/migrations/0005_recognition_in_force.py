"""Move classification to evaluations, keep validity to recognition decisions, and put the recognition rule in the
database (`ocop_current_stars`), so that the ORM and the reports' SQL ask one function."""
from django.db import migrations

CURRENT_STARS_FUNCTION = """
-- The product's decision on a day: its latest published recognition decision (3 stars or more: only those have a
-- validity; a 1-2 star row never decides, even one given a validity by SQL) taken on or before the day; a newer
-- decision supersedes older ones, even with fewer stars. PL/pgSQL so that the plan is cached per session: these
-- run once per product in counts (about 6 microseconds a call against 45 for a LANGUAGE sql function).
CREATE OR REPLACE FUNCTION ocop_decision(product bigint, day date) RETURNS bigint
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE result bigint;
BEGIN
    SELECT e.id INTO result FROM registry_evaluation e
     WHERE e.product_id = product AND e.status = 'published' AND e.valid_until IS NOT NULL
       AND e.stars >= 3 AND e.decision_date <= day
     ORDER BY e.decision_date DESC, e.id DESC
     LIMIT 1;
    RETURN result;
END $$;
-- Its stars while it is neither expired nor revoked on the day, else NULL (not an OCOP product that day).
CREATE OR REPLACE FUNCTION ocop_current_stars(product bigint, day date) RETURNS smallint
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE result smallint;
BEGIN
    SELECT CASE WHEN e.valid_until >= day AND (e.revoked_on IS NULL OR e.revoked_on > day) THEN e.stars END
      INTO result FROM registry_evaluation e
     WHERE e.product_id = product AND e.status = 'published' AND e.valid_until IS NOT NULL
       AND e.stars >= 3 AND e.decision_date <= day
     ORDER BY e.decision_date DESC, e.id DESC
     LIMIT 1;
    RETURN result;
END $$;
"""


def forwards(apps, schema_editor):
    from gis_app.registry.classification import assign_evaluation_subgroups

    Evaluation = apps.get_model("registry", "Evaluation")
    Product = apps.get_model("registry", "Product")
    assign_evaluation_subgroups(Evaluation)
    # Validity only from 3 stars: 1★ and 2★ results were never recognised.
    Evaluation.objects.filter(stars__lt=3).update(valid_until=None)
    # Products already evaluated are at the last stage of the cycle; the others wait for an evaluation.
    for product_id, day in Evaluation.objects.order_by("product_id", "-decision_date").distinct(
            "product_id").values_list("product_id", "decision_date"):
        Product.objects.filter(pk=product_id).update(stage="rated", stage_since=day)
    Product.objects.exclude(stage="rated").update(stage="awaiting_evaluation")


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_recognition_rules_classification_cycle")]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RunSQL(CURRENT_STARS_FUNCTION, "DROP FUNCTION IF EXISTS ocop_current_stars(bigint, date); DROP FUNCTION IF EXISTS ocop_decision(bigint, date);"),
    ]
