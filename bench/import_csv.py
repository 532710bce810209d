"""A large producers CSV for the import benchmark: `python bench/import_csv.py ROWS OUT.csv`.

Random points in a 0.1° square around Thủ Dầu Một (inside the province), distinct names and registry codes,
the columns of fixtures/producers.csv. Reproduce the figure in docs/imports.md with:

    python bench/import_csv.py 100000 /tmp/producers-100k.csv
    /usr/bin/time -v .venv/bin/python manage.py import_registry /tmp/producers-100k.csv --kind producers \
        --dry-run --no-progress
"""
import csv
import random
import sys


def write(rows, path, seed=12):
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["ref", "legal_form", "name", "address", "lon", "lat", "representative", "public_phone",
                      "status"])
        for n in range(1, rows + 1):
            out.writerow([f"BENCH-{n:07d}", rng.choice(["household", "cooperative", "enterprise"]),
                          f"Cơ sở thử nghiệm số {n}", f"{n} đường số {n % 50}, Thủ Dầu Một",
                          round(rng.uniform(106.62, 106.72), 6), round(rng.uniform(10.96, 11.06), 6),
                          "Nguyễn Văn A", f"0274 {n % 10000:04d} {n % 1000:03d}", "draft"])


if __name__ == "__main__":
    write(int(sys.argv[1]), sys.argv[2])
