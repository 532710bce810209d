"""The one GeoJSON and the one CSV writer (gis_app.core.geojson, gis_app.core.csvout): RFC 7946, NFC, streaming,
formula cells defused, byte for byte what the exports wrote before."""
import io
import json
import unicodedata

from gis_app.core import csvout, geojson

CLOCKWISE = {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]}
DECOMPOSED = unicodedata.normalize("NFD", "Thủ Dầu Một")


def test_feature_orients_rings_and_composes_text():
    f = geojson.feature(CLOCKWISE, {"name": DECOMPOSED, "tags": [DECOMPOSED]}, id=7)
    assert list(f) == ["type", "id", "geometry", "properties"]
    assert geojson.signed_area(f["geometry"]["coordinates"][0]) > 0
    assert f["properties"] == {"name": "Thủ Dầu Một", "tags": ["Thủ Dầu Một"]}


def test_collection_puts_members_before_features_and_fixes_plain_dicts():
    plain = {"type": "Feature", "geometry": CLOCKWISE, "properties": {"name": DECOMPOSED}}
    fc = geojson.collection([plain], count=1)
    assert list(fc) == ["type", "count", "features"]
    assert geojson.signed_area(fc["features"][0]["geometry"]["coordinates"][0]) > 0
    assert fc["features"][0]["properties"]["name"] == "Thủ Dầu Một"


def test_chunks_stream_lazily():
    consumed = []

    def rows():
        for n in range(3):
            consumed.append(n)
            yield geojson.feature(None, {"n": n})

    pieces = geojson.chunks(rows(), {"numberReturned": 3})
    head = next(pieces)
    assert head == '{"type": "FeatureCollection", "numberReturned": 3, "features": ['
    assert consumed == []  # nothing read before it is written
    assert json.loads(head + "".join(pieces))["features"][2]["properties"] == {"n": 2}


def test_raw_texts_are_spliced_as_the_layers_wrote_them():
    texts = [geojson.Raw('{"type":"Feature","geometry":null,"properties":{}}')] * 2
    assert geojson.text(texts, separator=",") == (
        '{"type": "FeatureCollection", "features": [' + ",".join(texts) + "]}")
    assert geojson.text(geojson.Raw("[]"), {"numberMatched": 0}) == (
        '{"type": "FeatureCollection", "numberMatched": 0, "features": []}')
    assert geojson.text([], {"noise": geojson.Raw("[1, 2]")}) == (
        '{"type": "FeatureCollection", "noise": [1, 2], "features": []}')


def test_text_equals_json_dumps_of_the_collection():
    features = [geojson.feature({"type": "Point", "coordinates": [106.65, 11.05]}, {"name": "Bình Dương"})]
    assert geojson.text(features) == json.dumps({"type": "FeatureCollection", "features": features},
                                                ensure_ascii=False)
    assert b"".join(geojson.stream(features)) == geojson.text(features).encode("utf-8")


def test_csv_defuses_formulas_and_adds_the_bom():
    out = csvout.text(["name", "n"], [["=HYPERLINK(\"x\")", -5], ["  @SUM(A1)", 3], [DECOMPOSED, None]], bom=True)
    assert out.startswith("\ufeffname,n\r\n")
    lines = out[1:].split("\r\n")
    assert lines[1] == "\"'=HYPERLINK(\"\"x\"\")\",-5"
    assert lines[2] == "'  @SUM(A1),3"
    assert csvout.text(None, [["a"]]) == "a\r\n"


def test_csv_write_counts_rows_and_streams_bytes():
    handle = io.StringIO()
    assert csvout.write(handle, ["a"], iter([[1], [2]])) == 2
    assert handle.getvalue() == "a\r\n1\r\n2\r\n"
    assert csvout.write(io.StringIO(), None, [[1]]) == 1
    assert b"".join(csvout.stream(["tên"], [["-1"]], bom=True)) == "\ufefftên\r\n'-1\r\n".encode()
