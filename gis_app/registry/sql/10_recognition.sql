-- The recognition rule (gis_app/registry/recognition.py; Decisions 1048/2019, 148/2023, 1489/2025, 26/2026).
-- Version 2 (2026-12-07): the threshold is read from the recognition rules (their lowest stars), not written here.
-- Loaded after every migrate by gis_app.core.sqlfiles (post_migrate): each statement is idempotent (CREATE OR
-- REPLACE, same signatures as migration registry 0005, which first created these functions). Edit this file, not a
-- migration; the Python reader of the same rule is recognition.deciding_evaluation / min_recognised_stars.

-- The fewest stars that receive a recognition decision: the lowest stars having a recognition rule (3: 1★ and 2★
-- results are recorded but recognised by no one). NULL while no rule is loaded: then nothing is recognised.
CREATE OR REPLACE FUNCTION ocop_min_recognised_stars() RETURNS smallint
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT min(r.stars)::smallint FROM registry_recognitionrule r
$$;

-- The product's decision on a day: its latest published recognition decision (from the threshold up: only those
-- have a validity; a lower row never decides, even one given a validity by SQL) taken on or before the day; a newer
-- decision supersedes older ones, even with fewer stars. PL/pgSQL so that the plan is cached per session: these
-- run once per product in counts.
CREATE OR REPLACE FUNCTION ocop_decision(product bigint, day date) RETURNS bigint
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE result bigint;
        threshold smallint := ocop_min_recognised_stars();
BEGIN
    SELECT e.id INTO result FROM registry_evaluation e
     WHERE e.product_id = product AND e.status = 'published' AND e.valid_until IS NOT NULL
       AND e.stars >= threshold AND e.decision_date <= day
     ORDER BY e.decision_date DESC, e.id DESC
     LIMIT 1;
    RETURN result;
END $$;

-- Its stars while it is neither expired nor revoked on the day (valid_until is its last day), else NULL (not an
-- OCOP product that day).
CREATE OR REPLACE FUNCTION ocop_current_stars(product bigint, day date) RETURNS smallint
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE result smallint;
        threshold smallint := ocop_min_recognised_stars();
BEGIN
    SELECT CASE WHEN e.valid_until >= day AND (e.revoked_on IS NULL OR e.revoked_on > day) THEN e.stars END
      INTO result FROM registry_evaluation e
     WHERE e.product_id = product AND e.status = 'published' AND e.valid_until IS NOT NULL
       AND e.stars >= threshold AND e.decision_date <= day
     ORDER BY e.decision_date DESC, e.id DESC
     LIMIT 1;
    RETURN result;
END $$;
