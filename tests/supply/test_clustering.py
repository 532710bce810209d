"""Clusters of demo producers: PostGIS DBSCAN agrees with scikit-learn, k-means hulls hold their members, filters
choose the producers an officer expects."""

import numpy as np
import pytest
from django.utils import timezone
from pyproj import Transformer
from shapely.geometry import Point, shape
from sklearn.cluster import DBSCAN

from gis_app.registry.models import Evaluation, Producer
from gis_app.supply.clustering import cluster_producers
from gis_app.supply.selection import ProducerFilter

TO_UTM = Transformer.from_crs(4326, 32648, always_xy=True)


def projected_producers():
    producers = list(Producer.objects.published().order_by("id"))
    xy = np.array([TO_UTM.transform(p.location.x, p.location.y) for p in producers])
    return [p.id for p in producers], xy


def partition(groups):
    return {frozenset(group) for group in groups}


@pytest.mark.django_db
@pytest.mark.parametrize("eps,min_points", [(1000, 2), (2500, 3), (4000, 3), (6000, 4), (10000, 5)])
def test_dbscan_partition_equals_scikit_learn_on_the_same_projected_points(eps, min_points):
    ids, xy = projected_producers()
    sk = DBSCAN(eps=eps, min_samples=min_points).fit(xy)
    cores = {ids[i] for i in sk.core_sample_indices_}
    expected = partition([ids[i] for i in np.flatnonzero(sk.labels_ == label)] for label in set(sk.labels_) - {-1})

    result = cluster_producers(ProducerFilter(), method="dbscan", eps_m=eps, min_points=min_points)
    got = partition(c.member_ids for c in result.clusters)
    assert {m["id"] for m in result.noise} == {ids[i] for i in np.flatnonzero(sk.labels_ == -1)}

    # A border point within eps of cores of two clusters may go to either (both libraries say so): compare the
    # cores' partition always, and the full partition when no border point is ambiguous.
    distances = np.linalg.norm(xy[:, None, :] - xy[None, :, :], axis=2)
    label_of = dict(zip(ids, sk.labels_))
    ambiguous = [i for i, pid in enumerate(ids) if pid not in cores and label_of[pid] != -1
                 and len({label_of[ids[j]] for j in np.flatnonzero(distances[i] <= eps) if ids[j] in cores}) > 1]
    assert partition(g & cores for g in got) == partition(g & cores for g in expected)
    if not ambiguous:
        assert got == expected
    assert len(got) >= 1, "parameters chosen so that there is something to compare"


@pytest.mark.django_db
@pytest.mark.parametrize("k", [1, 3, 6, 10])
@pytest.mark.parametrize("hull,concavity", [("convex", None), ("concave", 0.3)])
def test_every_kmeans_member_lies_in_its_cluster_hull(k, hull, concavity):
    options = {"concavity": concavity} if concavity else {}
    result = cluster_producers(ProducerFilter(), method="kmeans", k=k, hull=hull, **options)
    assert len(result.clusters) == k and not result.noise
    assert sorted(m for c in result.clusters for m in c.member_ids) == sorted(
        Producer.objects.published().values_list("id", flat=True))
    for cluster in result.clusters:
        area = shape(cluster.hull)
        assert cluster.size == len(cluster.members)
        for member in cluster.members:
            assert area.distance(Point(member["lon"], member["lat"])) < 1e-9, (cluster.id, member["name"])


@pytest.mark.django_db
def test_group_filter_includes_the_equivalent_subgroups_of_the_other_taxonomy():
    craft_codes = {"2023.CRAFT.TEXTILE", "2023.CRAFT.SOUVENIR", "2019.TEXT.FABRIC", "2019.TEXT.GARMENT",
                   "2019.SOUV.WOOD", "2019.SOUV.CRAFT", "2019.SOUV.DECOR",
                   "2026.B21", "2026.B22"}  # 26/2026 sets 21 and 22 stand for the 2023 handicraft sub-groups
    expected = set(Producer.objects.published().filter(products__status="published",
                                                       products__subgroup__code__in=craft_codes)
                   .values_list("id", flat=True))
    only_2019 = {pid for pid in expected if not Producer.objects.filter(
        id=pid, products__subgroup__code__startswith="2023.CRAFT").exists()}
    result = cluster_producers(ProducerFilter(group="2023.CRAFT"), eps_m=2000, min_points=2)
    assert {m for c in result.clusters for m in c.member_ids} | {m["id"] for m in result.noise} == expected
    assert only_2019, "the demo has craft producers rated only under the 2019 taxonomy"


@pytest.mark.django_db
def test_stars_and_district_filters_keep_only_matching_producers():
    today = timezone.localdate()
    starred = {e.product.producer_id for e in Evaluation.objects.select_related("product")
               if e.stars >= 4 and e.decision_date <= today <= e.valid_until and e.product.status == "published"}
    in_district = {p.id for p in Producer.objects.select_related("commune__parent")
                   if p.commune and p.commune.parent and p.commune.parent.code == "718"}
    result = cluster_producers(ProducerFilter(min_stars=4, district="718"), eps_m=3000, min_points=2)
    chosen = {m for c in result.clusters for m in c.member_ids} | {m["id"] for m in result.noise}
    assert chosen == starred & in_district
    assert chosen
