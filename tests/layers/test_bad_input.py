"""Bad requests to tiles, OGC API and exports: a 4xx in the house shape naming the parameter, never a 500."""
import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url, status, field", [
    ("/tiles/nowhere/10/815/480.pbf", 404, "layer"),
    ("/tiles/producers/23/0/0.pbf", 400, "z"),
    ("/tiles/producers/3/8/0.pbf", 400, "x"),
    ("/tiles/producers/3/0/-1.pbf", 400, "y"),
    ("/tiles/producers/10/815/480.pbf?legal_form=pirate", 400, "legal_form"),
    ("/tiles/nowhere.json", 404, "layer"),
    ("/ogc/collections/nowhere", 404, "collectionId"),
    ("/ogc/collections/nowhere/items", 404, "collectionId"),
    ("/ogc/collections/producers/items/999999", 404, "featureId"),
    ("/ogc/collections/producers/items/abc", 404, "featureId"),
    ("/ogc/collections/producers/items?limit=0", 400, "limit"),
    ("/ogc/collections/producers/items?limit=ten", 400, "limit"),
    ("/ogc/collections/producers/items?offset=-1", 400, "offset"),
    ("/ogc/collections/producers/items?bbox=106,12,107,11", 400, "bbox"),  # minLon > maxLon crosses 180°: valid
    ("/ogc/collections/producers/items?bbox=106,11,107,12,5", 400, "bbox"),
    ("/ogc/collections/producers/items?bbox=106,11,190,12", 400, "bbox"),
    ("/ogc/collections/producers/items?bbox=106,11,9,107,12,1", 400, "bbox"),  # heights inverted
    ("/ogc/collections/producers/items?datetime=garbage", 400, "datetime"),
    ("/ogc/collections/producers/items?datetime=2024-02-01T00:00:00Z/2024-01-01T00:00:00Z", 400, "datetime"),
    ("/ogc/collections/producers/items?crs=EPSG:1234", 400, "crs"),
    ("/ogc/collections/producers/items?bbox-crs=EPSG:3857", 400, "bbox-crs"),
    ("/ogc/collections/producers/items?bbox=1,2,3,4&bbox-crs=EPSG:9999", 400, "bbox-crs"),
    ("/ogc/collections/producers/items?filter=name%20%3D", 400, "filter"),
    ("/ogc/collections/producers/items?filter=private_phone%3D%270985%27", 400, "filter"),
    ("/ogc/collections/producers/items?filter=id%3D%27abc%27", 400, "filter"),
    ("/ogc/collections/producers/items?filter=id%3D1&filter-lang=sql", 400, "filter-lang"),
    ("/ogc/collections/producers/items?filter=%7B%22op%22%3A%22%3D%22%7D&filter-lang=cql2-json", 400, "filter"),
    ("/ogc/collections/producers/items?filter-lang=cql2-text", 400, "filter"),
    ("/ogc/collections/producers/items/1?crs=EPSG:1234", 400, "crs"),
    ("/ogc/tileMatrixSets/WorldCRS84Quad", 404, "tileMatrixSetId"),
    ("/ogc/collections/nowhere/tiles", 404, "collectionId"),
    ("/ogc/collections/nowhere/queryables", 404, "collectionId"),
    ("/ogc/collections/producers/items?bbox=a,b,c,d", 400, "bbox"),
    ("/ogc/collections/producers/items?colour=red", 400, "colour"),
    ("/ogc/collections/producers/items?legal_form=pirate", 400, "legal_form"),
    ("/ogc/collections?f=xml", 400, "f"),
    ("/export/nowhere.geojson", 404, "layer"),
    ("/export/producers.xls", 404, "format"),
    ("/export/producers.csv?bbox=106,11", 400, "bbox"),
    ("/export/producers.csv?bbox=106,12,107,11", 400, "bbox"),
    ("/export/producers.csv?legal_form=pirate", 400, "legal_form"),
    ("/export/producers.csv?colour=red", 400, "colour"),
    ("/export/producers.csv?name=%00", 400, "name"),
    ("/export/products.csv?min_stars=6", 400, "min_stars"),
    ("/export/products.csv?stars=99999999999999999999", 400, "stars"),
    ("/export/tourism_sites.csv?service=spa", 400, "service"),
])
def test_bad_layer_requests_get_a_4xx_naming_the_parameter(client, url, status, field):
    response = client.get(url)
    assert response.status_code == status
    assert response.json()["error"]["field"] == field
    assert response.json()["error"]["message"]
