"""Reference data of the tours: their themes (fixtures/tour_themes.csv), loaded by `load_demo`."""
from gis_app.registry.loaders import read_csv

from .models import TourTheme


def load_themes(fixtures, importer):
    """Create or refresh each theme of tour_themes.csv by its code (a theme no longer listed stays: tours may
    hold it)."""
    for line, row in importer.rows("tour_themes.csv", read_csv(fixtures / "tour_themes.csv")):
        theme = TourTheme.objects.filter(code=row["code"]).first() or TourTheme(code=row["code"])
        theme.name_vi, theme.name_en, theme.position = row["name_vi"], row["name_en"], int(row["position"] or 0)
        importer.save("tour_themes.csv", line, theme)
