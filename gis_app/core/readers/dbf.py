"""A Shapefile's attribute table (.dbf) read by us, not by GDAL's iconv: its encoding, field names and records.

Vietnamese Windows tools write DBF text in Windows-1258 (cp1258), tones as combining marks. GDAL recodes it with
iconv, whose CP1258 decoder holds back the last letter of every value waiting for a tone mark that never comes:
"name" became "nam" and "Bình Dương" "Bình Dươn", so the column was missing. GDAL's recoding cannot be turned off
reliably (SHAPE_ENCODING is ignored when the DBF names a code page), so GDAL reads only the geometries and the
records are decoded here, matched to GDAL's features by their FID (the record number). The encoding is:

1. the .cpg file, when there is one (what QGIS, ArcGIS and ogr2ogr write: "UTF-8", "1258", "CP1258"…);
2. otherwise the bytes themselves: UTF-8 when they all decode as UTF-8, else cp1258 (the DBF's language driver
   byte is 0x57 "ANSI" whatever the Windows code page was, so it says nothing).
"""
import codecs
import datetime
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# What a .cpg may say, to a Python codec name (ArcGIS writes code page numbers, QGIS names).
CPG_NAMES = {"65001": "utf-8", "utf8": "utf-8", "1258": "cp1258", "ansi 1258": "cp1258",
             "windows-1258": "cp1258", "1252": "cp1252", "ansi 1252": "cp1252", "88591": "latin-1",
             "iso88591": "latin-1"}


@dataclass
class Attributes:
    encoding: str
    names: list  # decoded field names, in order
    records: list  # one list of values per record (None for a deleted one), by record number (= GDAL's FID)


def _codec(name):
    text = name.strip().lower()
    text = CPG_NAMES.get(text, CPG_NAMES.get(text.replace("-", "").replace("_", ""), text))
    try:
        return codecs.lookup(text).name
    except LookupError:
        return None


def _members(path, source, layer=None):
    """(.cpg text or None, .dbf bytes or None) of the Shapefile at `path` (a .shp, or a .zip holding one; in a zip
    holding several, the one GDAL opened as `layer`)."""
    if source.lower().endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            shps = [n for n in names if n.lower().endswith(".shp")]
            shp = next((n for n in shps if layer and PurePosixPath(n).stem.lower() == layer.lower()),
                       shps[0] if shps else None)
            if shp is None:
                return None, None
            stem = str(PurePosixPath(shp).with_suffix("")).lower()
            by_suffix = {PurePosixPath(n).suffix.lower(): n for n in names
                         if str(PurePosixPath(n).with_suffix("")).lower() == stem}
            cpg = archive.read(by_suffix[".cpg"]).decode("ascii", "replace") if ".cpg" in by_suffix else None
            dbf = archive.read(by_suffix[".dbf"]) if ".dbf" in by_suffix else None
            return cpg, dbf
    shp_file = Path(path)
    siblings = {p.suffix.lower(): p for p in shp_file.parent.glob(shp_file.stem + ".*")}
    cpg = siblings[".cpg"].read_text("ascii", "replace") if ".cpg" in siblings else None
    dbf = siblings[".dbf"].read_bytes() if ".dbf" in siblings else None
    return cpg, dbf


def _layout(dbf):
    """(record count, header length, record length, [(raw name, type, offset, length, decimals)])."""
    count = int.from_bytes(dbf[4:8], "little")
    header_length = int.from_bytes(dbf[8:10], "little")
    record_length = int.from_bytes(dbf[10:12], "little")
    fields, offset = [], 1  # byte 0 of a record is the deletion flag
    for start in range(32, header_length - 1, 32):
        if dbf[start] == 0x0D:
            break
        descriptor = dbf[start:start + 32]
        length = descriptor[16]
        fields.append((descriptor[:11].split(b"\0")[0], chr(descriptor[11]), offset, length, descriptor[17]))
        offset += length
    return count, header_length, record_length, fields


def _guess(dbf, header_length, fields):
    try:
        dbf[header_length:].decode("utf-8")
        for name, *_rest in fields:
            name.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1258"


def _value(raw, kind, decimals, encoding):
    if kind in "NF":
        text = raw.strip().decode("ascii", "replace")
        if not text or set(text) <= {"*"}:
            return None
        try:
            return int(text) if decimals == 0 and kind == "N" and "." not in text else float(text)
        except ValueError:
            return None
    if kind == "D":
        text = raw.strip().decode("ascii", "replace")
        try:
            return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:8])) if text.strip("0") else None
        except ValueError:
            return text or None
    if kind == "L":
        flag = raw.strip().upper()[:1]
        return True if flag in (b"T", b"Y") else False if flag in (b"F", b"N") else None
    return raw.rstrip(b" \0").decode(encoding)


def read(path: str | Path, source: str, layer: object = None) -> Attributes | None:
    """The Attributes of a Shapefile (None for other formats or without a .dbf); UnicodeDecodeError when the text
    is not valid in the encoding its .cpg names."""
    if not source.lower().endswith((".shp", ".zip")):
        return None
    cpg, dbf = _members(path, source, layer)
    if dbf is None or len(dbf) < 32:
        return None
    count, header_length, record_length, fields = _layout(dbf)
    encoding = (_codec(cpg) if cpg else None) or _guess(dbf, header_length, fields)
    names = [name.decode(encoding) for name, *_rest in fields]
    records: list[list | None] = []
    for n in range(count):
        start = header_length + n * record_length
        record = dbf[start:start + record_length]
        if len(record) < record_length or record[:1] == b"*":
            records.append(None)
            continue
        records.append([_value(record[offset:offset + length], kind, decimals, encoding)
                        for _name, kind, offset, length, decimals in fields])
    return Attributes(encoding, names, records)
