"""Bad rows are reported (row, column, problem, in Vietnamese or English) and nothing at all is written."""
import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from gis_app.core.readers import read_table
from gis_app.imports.service import Options, run_import
from gis_app.registry.models import Producer, Product, TourismSite

HEADER = ["Mã chủ thể", "Tên chủ thể", "Loại hình", "Mã xã", "Kinh độ", "Vĩ độ"]
GOOD = ["T201", "Hộ kinh doanh Mật ong Phú Thọ", "Hộ kinh doanh", "25753", "106.6695", "10.9551"]


def csv_file(tmp_path, rows, header=HEADER, name="list.csv"):
    text = io.StringIO()
    csv.writer(text).writerows([header, *rows])
    path = tmp_path / name
    path.write_text(text.getvalue(), encoding="utf-8")
    return path


def counts():
    return Producer.objects.count(), Product.objects.count(), TourismSite.objects.count()


def commit(path, language="en", **options):
    with translation.override(language):
        return run_import(read_table(path), Options(**{"kind": "producers", "commit": True, **options}))


@pytest.mark.django_db
def test_a_good_row_is_imported_and_placed_in_its_commune(tmp_path):
    report = commit(csv_file(tmp_path, [GOOD]))
    assert report.committed and report.created == 1
    producer = Producer.objects.get(ref="T201")
    assert producer.commune.code == "25753" and producer.legal_form == "household"


@pytest.mark.django_db
@pytest.mark.parametrize("language,text", [("en", "Required column missing"), ("vi", "Thiếu cột bắt buộc")])
def test_missing_required_column_is_named_and_nothing_is_written(tmp_path, language, text):
    before = counts()
    path = csv_file(tmp_path, [[GOOD[1], GOOD[4], GOOD[5]]], header=["Tên chủ thể", "Kinh độ", "Vĩ độ"])
    report = commit(path, language)
    assert [p.row for p in report.problems] == [0]
    assert text in report.problems[0].message and not report.committed and counts() == before


@pytest.mark.django_db
def test_file_without_any_location_column_is_refused(tmp_path):
    report = commit(csv_file(tmp_path, [GOOD[:3]], header=HEADER[:3]))
    assert [p.row for p in report.problems] == [0]
    assert "No location columns" in report.problems[0].message


@pytest.mark.django_db
@pytest.mark.parametrize("language,text", [("en", "outside the programme's area"), ("vi", "nằm ngoài địa bàn của Chương trình")])
def test_row_outside_the_province_is_reported_with_row_and_columns(tmp_path, language, text):
    before = counts()
    hanoi = ["T202", "Hộ kinh doanh Hà Nội", "Hộ kinh doanh", "", "105.85", "21.03"]
    report = commit(csv_file(tmp_path, [GOOD, hanoi]), language)
    [problem] = report.problems
    assert (problem.row, problem.field) == (2, "Kinh độ, Vĩ độ") and text in problem.message
    assert not report.committed and counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("language,text", [("en", "look swapped"), ("vi", "bị đảo")])
def test_swapped_longitude_and_latitude_are_detected_and_said(tmp_path, language, text):
    before = counts()
    swapped = ["T203", "Cơ sở Nem Lái Thiêu", "Hộ kinh doanh", "", "10.9551", "106.6695"]
    report = commit(csv_file(tmp_path, [GOOD, swapped]), language)
    [problem] = report.problems
    assert problem.row == 2 and text in problem.message
    assert counts() == before


@pytest.mark.django_db
def test_every_bad_row_is_reported_not_only_the_first(tmp_path):
    rows = [GOOD,
            ["T204", "Cơ sở A", "Công ty cổ phần xuyên quốc gia", "", "106.67", "10.96"],
            ["T205", "", "Hộ kinh doanh", "", "106.67", "10.96"],
            ["T206", "Cơ sở C", "Hợp tác xã", "", "abc", "10.96"],
            ["T201", "Cơ sở D", "Hợp tác xã", "", "106.67", "10.96"]]
    before = counts()
    report = commit(csv_file(tmp_path, rows))
    assert [(p.row, p.field) for p in report.problems] == [
        (2, "Loại hình"), (3, "Tên chủ thể"), (4, "Kinh độ, Vĩ độ"), (5, "Mã chủ thể")]
    assert counts() == before


@pytest.mark.django_db
def test_commune_only_row_is_placed_at_the_commune_and_flagged(tmp_path):
    row = ["T207", "Hộ kinh doanh Bánh bò Phú Hòa", "Hộ kinh doanh", "25750", "", ""]
    report = commit(csv_file(tmp_path, [row]))
    assert report.committed
    [outcome] = report.outcomes
    assert outcome.notes and "Phú Hòa" in outcome.notes[0]
    producer = Producer.objects.get(ref="T207")
    assert producer.commune.code == "25750"
    assert producer.commune.geom.covers(producer.location)


@pytest.mark.django_db
def test_unknown_commune_code_is_reported(tmp_path):
    row = ["T208", "Hộ kinh doanh X", "Hộ kinh doanh", "99999", "", ""]
    report = commit(csv_file(tmp_path, [row]))
    assert [(p.row, p.field) for p in report.problems] == [(1, "Mã xã")]


@pytest.mark.django_db
def test_same_name_nearby_is_reported_as_likely_duplicate_and_not_merged(tmp_path):
    demo = Producer.objects.get(ref="P001")
    # a different accent form and case of the same name, 20 m away, without a registry code
    copy = ["", demo.name.upper(), "Hộ kinh doanh", "", f"{demo.location.x + 0.00018:.6f}", f"{demo.location.y:.6f}"]
    before = counts()
    report = commit(csv_file(tmp_path, [copy]))
    [duplicate] = report.duplicates
    assert duplicate.existing_id == demo.pk and duplicate.near and 15 < duplicate.metres < 25
    assert not report.committed and counts() == before
    accepted = commit(csv_file(tmp_path, [copy]), accept_duplicates=True)
    assert accepted.committed and Producer.objects.count() == before[0] + 1


@pytest.mark.django_db
def test_same_name_in_the_same_commune_far_apart_is_a_likely_duplicate(tmp_path):
    demo = Producer.objects.filter(commune__isnull=False).first()
    far = demo.commune.geom.point_on_surface
    row = ["", demo.name, "Hộ kinh doanh", demo.commune.code, f"{far.x:.6f}", f"{far.y:.6f}"]
    report = commit(csv_file(tmp_path, [row]))
    assert [(d.row, d.existing_id) for d in report.duplicates] == [(1, demo.pk)]


@pytest.mark.django_db
def test_two_rows_of_one_file_with_the_same_name_nearby_are_reported(tmp_path):
    twin = ["", GOOD[1].lower(), "Hộ kinh doanh", "", "106.6696", "10.9551"]
    report = commit(csv_file(tmp_path, [GOOD, twin]))
    assert [(d.row, d.other_row) for d in report.duplicates] == [(2, 1)]


@pytest.mark.django_db
def test_matching_registry_code_updates_instead_of_creating(tmp_path):
    demo = Producer.objects.get(ref="P001")
    row = ["P001", "Cơ sở sơn mài Hồng Lam (mới)", "Hộ kinh doanh", "", f"{demo.location.x}", f"{demo.location.y}"]
    before = counts()
    report = commit(csv_file(tmp_path, [row]))
    assert (report.created, report.updated, report.duplicates) == (0, 1, [])
    assert report.outcomes[0].changes == ["name: Cơ sở sơn mài Hồng Lam → Cơ sở sơn mài Hồng Lam (mới)"]
    assert Producer.objects.get(ref="P001").name.endswith("(mới)") and counts() == before


@pytest.mark.django_db
def test_dry_run_of_a_list_already_in_the_registry_changes_nothing(tmp_path):
    demo = Producer.objects.get(ref="P001")
    row = ["P001", demo.name, demo.get_legal_form_display(), demo.commune.code, f"{demo.location.x}",
           f"{demo.location.y}"]
    with translation.override("en"):
        report = run_import(read_table(csv_file(tmp_path, [row])), Options(kind="producers"))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)


@pytest.mark.django_db
def test_dry_run_reports_the_changes_and_writes_nothing(tmp_path):
    before = counts()
    with translation.override("en"):
        report = run_import(read_table(csv_file(tmp_path, [GOOD])), Options(kind="producers"))
    assert (report.created, report.committed, report.problems) == (1, False, [])
    assert counts() == before


@pytest.mark.django_db
def test_explicit_mapping_wins_over_guessed_headers(tmp_path):
    header = ["Cơ sở", "Hình thức", "Kinh độ", "Vĩ độ"]
    path = csv_file(tmp_path, [["Cơ sở Tương ớt Phú Cường", "HTX", "106.6375", "10.9672"]], header=header)
    report = commit(path, mapping={"Cơ sở": "name"})
    assert report.committed, report.problems
    assert Producer.objects.filter(name="Cơ sở Tương ớt Phú Cường", legal_form="cooperative").exists()


@pytest.mark.django_db
def test_command_refuses_bad_file_and_says_why(tmp_path, capsys):
    path = csv_file(tmp_path, [["T209", "Cơ sở Y", "Hộ kinh doanh", "", "10.9551", "106.6695"]])
    before = counts()
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_registry", str(path), "--kind", "producers", "--language", "en", "--no-progress")
    assert "row 1, Kinh độ, Vĩ độ: Longitude and latitude look swapped" in capsys.readouterr().out
    assert counts() == before


@pytest.mark.django_db
def test_command_imports_products_for_known_producers(tmp_path, capsys):
    header = ["Mã sản phẩm", "Tên sản phẩm", "Mã chủ thể", "Mã nhóm"]
    path = csv_file(tmp_path, [["SP901", "Tranh sơn mài hoa sen", "P001", "2019.SOUV.CRAFT"],
                               ["SP902", "Bánh tráng", "P999", "2019.SOUV.CRAFT"]], header=header)
    with pytest.raises(CommandError):
        call_command("import_registry", str(path), "--kind", "products", "--language", "en", "--no-progress")
    assert "row 2, Mã chủ thể: No producer has registry code “P999”" in capsys.readouterr().out
    call_command("import_registry", str(csv_file(tmp_path, [["SP901", "Tranh sơn mài hoa sen", "P001",
                                                               "2019.SOUV.CRAFT"]], header=header)),
                 "--kind", "products", "--no-progress")
    assert Product.objects.get(ref="SP901").producer.ref == "P001"


@pytest.mark.django_db
def test_product_with_the_same_name_at_the_same_producer_is_a_likely_duplicate(tmp_path):
    demo = Product.objects.select_related("producer", "subgroup").first()
    header = ["Tên sản phẩm", "Mã chủ thể", "Mã nhóm"]
    path = csv_file(tmp_path, [[demo.name.upper(), demo.producer.ref, demo.subgroup.code]], header=header)
    before = counts()
    report = commit(path, kind="products")
    assert [(d.row, d.existing_id) for d in report.duplicates] == [(1, demo.pk)]
    assert counts() == before


@pytest.mark.django_db
def test_row_numbers_count_blank_rows_as_the_officer_sees_them(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(",".join(HEADER) + "\n" + ",".join(GOOD) + "\n,,,,,\n\n"
                    + "T210,Cơ sở Hà Nội,Hộ kinh doanh,,105.85,21.03\n", encoding="utf-8")
    report = commit(path)
    assert [p.row for p in report.problems] == [4]
