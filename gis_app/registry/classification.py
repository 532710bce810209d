"""The product classification across versions: which sub-group of one version stands for a sub-group of another.

Used by the migration that moved classification from products to evaluations (registry 0005) and by
cross-version reports; the correspondence itself is data (fixtures/product_subgroups.csv, with sources).
"""


def subgroup_in_version(subgroup, taxonomy_id):
    """`subgroup` itself if it belongs to taxonomy `taxonomy_id`, else its first equivalent there (by code), else None.

    Works on historical models too (migrations), so it only uses fields and the `equivalents` relation.
    """
    if subgroup.group.version_id == taxonomy_id:
        return subgroup
    return subgroup.equivalents.filter(group__version_id=taxonomy_id).order_by("code").first()


def assign_evaluation_subgroups(Evaluation):
    """Give each evaluation without a sub-group the one it was scored under: its product's sub-group, moved into
    the classification of the evaluation's rule set. Returns the number left without one (no equivalent)."""
    missing = 0
    rows = Evaluation.objects.filter(subgroup__isnull=True).select_related(
        "product__subgroup__group", "rule_set")
    for evaluation in rows:
        subgroup = subgroup_in_version(evaluation.product.subgroup, evaluation.rule_set.taxonomy_id)
        if subgroup is None:
            missing += 1
            continue
        Evaluation.objects.filter(pk=evaluation.pk).update(subgroup=subgroup)
    return missing
