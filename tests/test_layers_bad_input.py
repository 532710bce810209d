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
    ("/ogc/collections/producers/items?bbox=106,11,105,12", 400, "bbox"),
    ("/ogc/collections/producers/items?bbox=a,b,c,d", 400, "bbox"),
    ("/ogc/collections/producers/items?colour=red", 400, "colour"),
    ("/ogc/collections/producers/items?legal_form=pirate", 400, "legal_form"),
    ("/ogc/collections?f=xml", 400, "f"),
    ("/export/nowhere.geojson", 404, "layer"),
    ("/export/producers.xls", 404, "format"),
    ("/export/producers.csv?bbox=106,11", 400, "bbox"),
    ("/export/producers.csv?bbox=107,11,106,12", 400, "bbox"),
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
