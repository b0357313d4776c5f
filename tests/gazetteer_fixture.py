"""A tiny gazetteer written by hand for the unit tests, built at test time in the
layout ``marsad data install --from DIR`` reads (OCHA communities TSV, Open-Syria admin
JSON, GeoNames subset TSV), so the tests need neither the datasets nor a download.

Well-known towns with their OCHA P-codes and rounded coordinates, invented villages
(C9001-C9006: the same name in two governorates, a name that is a common word ...),
GeoNames rows with invented ids (99000xx) and rounded populations, and seven
governorates, two districts and one sub-district with round figures. Not copied from
any dataset: nothing here is read from ../shared.
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

COMMUNITY_COLUMNS = ('PCODE', 'NAME_ARA', 'NAME_EN', 'NAM_EN_REF', 'ADMIN3_COD', 'ADMIN3_ARA', 'ADMIN3_EN', 'ADMIN2_COD', 'ADMIN2_ARA', 'ADMIN2_EN', 'ADMIN1_COD', 'ADMIN1_ARA', 'ADMIN1_EN', 'LATITUDE', 'LONGITUDE', 'CAPIT_LVL')

COMMUNITIES = [
    ('C4360', 'الحسكة', 'Al-Hasakeh', 'Al-Hasakeh', 'SY080000', 'مركز الحسكة', 'Al-Hasakeh', 'SY0800', 'الحسكة', 'Al-Hasakeh', 'SY08', 'الحسكة', 'Al-Hasakeh', '36.51', '40.76', '1'),
    ('C4519', 'الهول', 'Hole', 'Hole', 'SY080006', 'الهول', 'Hole', 'SY0800', 'الحسكة', 'Al-Hasakeh', 'SY08', 'الحسكة', 'Al-Hasakeh', '36.39', '41.15', '3'),
    ('C9001', 'الصالحية', 'Salhiyeh', 'Salhiyeh', 'SY090500', 'الجلاء', 'Jalaa', 'SY0905', 'البوكمال', 'Abu Kamal', 'SY09', 'دير الزور', 'Deir-ez-Zor', '34.72', '40.75', ''),
    ('C9002', 'الصالحية', 'Salhiyeh', 'Salhiyeh', 'SY020000', 'جبل سمعان', 'Jebel Saman', 'SY0200', 'جبل سمعان', 'Jebel Saman', 'SY02', 'حلب', 'Aleppo', '36.3', '37.2', ''),
    ('C1007', 'حلب', 'Aleppo', 'Aleppo', 'SY020000', 'جبل سمعان', 'Jebel Saman', 'SY0200', 'جبل سمعان', 'Jebel Saman', 'SY02', 'حلب', 'Aleppo', '36.2', '37.14', '1'),
    ('C5086', 'دير الزور', 'Deir-ez-Zor', 'Deir-ez-Zor', 'SY090000', 'مركز دير الزور', 'Deir-ez-Zor', 'SY0900', 'دير الزور', 'Deir-ez-Zor', 'SY09', 'دير الزور', 'Deir-ez-Zor', '35.34', '40.14', '1'),
    ('C2528', 'حمص', 'Homs', 'Homs', 'SY040000', 'مركز حمص', 'Homs', 'SY0400', 'حمص', 'Homs', 'SY04', 'حمص', 'Homs', '34.72', '36.71', '1'),
    ('C2663', 'القريتين', 'Qaryatein', 'Qaryatein', 'SY040106', 'القريتين', 'Qaryatein', 'SY0400', 'حمص', 'Homs', 'SY04', 'حمص', 'Homs', '34.23', '37.24', ''),
    ('C2889', 'تدمر', 'Tadmor', 'Tadmor', 'SY040300', 'تدمر', 'Tadmor', 'SY0403', 'تدمر', 'Tadmor', 'SY04', 'حمص', 'Homs', '34.56', '38.28', '2'),
    ('C1366', 'عفرين', 'Afrin', 'Afrin', 'SY020300', 'عفرين', 'Afrin', 'SY0203', 'عفرين', 'Afrin', 'SY02', 'حلب', 'Aleppo', '36.51', '36.86', '2'),
    ('C3871', 'إدلب', 'Idleb', 'Idleb', 'SY070000', 'إدلب', 'Idleb', 'SY0700', 'إدلب', 'Idleb', 'SY07', 'إدلب', 'Idleb', '35.93', '36.63', '1'),
    ('C4068', 'كفر نبل', 'Kafr Nobol', 'Kafr Nobol', 'SY070203', 'كفر نبل', 'Kafr Nobol', 'SY0702', 'المعرة', "Al Ma'ra", 'SY07', 'إدلب', 'Idleb', '35.61', '36.56', '3'),
    ('C9003', 'الجمعة', 'Jumaa', 'Jumaa', 'SY020000', 'جبل سمعان', 'Jebel Saman', 'SY0200', 'جبل سمعان', 'Jebel Saman', 'SY02', 'حلب', 'Aleppo', '36.4', '37.5', ''),
    ('C9004', 'تل ريحان', 'Tal Rihan', 'Tal Rihan', 'SY070000', 'إدلب', 'Idleb', 'SY0700', 'إدلب', 'Idleb', 'SY07', 'إدلب', 'Idleb', '35.8', '36.7', ''),
    ('C1001', 'دمشق', 'Damascus', 'Damascus', 'SY010000', 'دمشق', 'Damascus', 'SY0100', 'دمشق', 'Damascus', 'SY01', 'دمشق', 'Damascus', '33.51', '36.29', '1'),
    ('C2338', 'دوما', 'Duma', 'Duma', 'SY030100', 'دوما', 'Duma', 'SY0301', 'دوما', 'Duma', 'SY03', 'ريف دمشق', 'Rural Damascus', '33.57', '36.40', '2'),
    ('C2342', 'حرستا', 'Harasta', 'Harasta', 'SY030103', 'حرستا', 'Harasta', 'SY0301', 'دوما', 'Duma', 'SY03', 'ريف دمشق', 'Rural Damascus', '33.56', '36.36', '3'),
    ('C9005', 'الحديدة', 'Hadideh', 'Hadideh', 'SY040300', 'الحديدة', 'Hadideh', 'SY0403', 'المخرم', 'Mukharram', 'SY04', 'حمص', 'Homs', '34.81', '36.98', ''),
    # a common word's bare form is in the stoplist (رقة, inside فرقة), not the city's name
    ('C5710', 'الرقة', 'Ar-Raqqa', 'Ar-Raqqa', 'SY110000', 'مركز الرقة', 'Ar-Raqqa', 'SY1100', 'الرقة', 'Ar-Raqqa', 'SY11', 'الرقة', 'Ar-Raqqa', '35.95', '39.01', '1'),
    # a Syrian village named like a world city (Cairo, below)
    ('C3203', 'القاهرة', 'Qahera', 'Qahera', 'SY050000', 'مركز حماة', 'Hama', 'SY0500', 'حماة', 'Hama', 'SY05', 'حماة', 'Hama', '35.2', '36.6', ''),
    ('C9006', 'السجن', 'Sijn', 'Sijn', 'SY130001', 'السويداء', 'As-Sweida', 'SY1300', 'السويداء', 'As-Sweida', 'SY13', 'السويداء', 'As-Sweida', '32.6', '36.7', ''),
    # invented villages (no cue-free prominence): lists of places, one event per place
    ('C9101', 'عين الورد', 'Ein al-Ward', 'Ein al-Ward', 'SY070203', 'كفر نبل', 'Kafr Nobol', 'SY0702', 'المعرة', "Al Ma'ra", 'SY07', 'إدلب', 'Idleb', '35.66', '36.52', ''),
    ('C9102', 'كفر سلام', 'Kafr Salam', 'Kafr Salam', 'SY070203', 'كفر نبل', 'Kafr Nobol', 'SY0702', 'المعرة', "Al Ma'ra", 'SY07', 'إدلب', 'Idleb', '35.58', '36.61', ''),
    ('C9103', 'تل شيحان', 'Tal Shihan', 'Tal Shihan', 'SY020300', 'عفرين', 'Afrin', 'SY0203', 'عفرين', 'Afrin', 'SY02', 'حلب', 'Aleppo', '36.47', '36.93', ''),
    ('C9104', 'بيت ناعم', 'Beit Naem', 'Beit Naem', 'SY030100', 'دوما', 'Duma', 'SY0301', 'دوما', 'Duma', 'SY03', 'ريف دمشق', 'Rural Damascus', '33.55', '36.45', ''),
    ('C9105', 'المشيرفة', 'Mushayrfeh', 'Mushayrfeh', 'SY030100', 'دوما', 'Duma', 'SY0301', 'دوما', 'Duma', 'SY03', 'ريف دمشق', 'Rural Damascus', '33.59', '36.43', ''),
]

GEONAMES_COLUMNS = ('geonameid', 'name', 'latitude', 'longitude', 'countrycode', 'admin1code', 'population', 'arabic_names', 'alternatenames')

GEONAMES = [
    ('9900001', 'Al Hawl', '36.39', '41.15', 'SY', '01', '0', 'الحول', 'Al Hawl|الحول'),
    ('9900002', 'Mosul', '36.34', '43.12', 'IQ', '15', '1700000', 'الموصل', 'Mosul|الموصل'),
    ('9900003', 'Al Hudaydah', '14.8', '42.95', 'YE', '08', '600000', 'الحديدة', 'Al Hudaydah|Hodeidah|الحديدة'),
    ('9900005', 'Ar Raqqah', '35.95', '39.01', 'SY', '04', '531952', 'الرقة|رقة', 'Ar Raqqah|Raqqa|الرقة|رقة'),
    ('9900006', 'Cairo', '30.06', '31.25', 'EG', '11', '9606916', 'القاهرة', 'Cairo|القاهرة'),
    ('9900007', 'Nablus', '32.22', '35.26', 'PS', 'WE', '126132', 'نابلس', 'Nablus|نابلس'),
    ('9900008', 'Duma', '32.06', '35.37', 'PS', 'WE', '2400', 'دوما', 'Duma|دوما'),  # a West Bank village
    ('9900009', "Sa'dah", '16.94', '43.76', 'YE', '15', '51870', 'صعدة', "Sa'dah|صعدة"),  # in prominent_abroad.yaml
    ('9900010', 'Bajil', '15.06', '43.28', 'YE', '08', '40000', 'باجل', 'Bajil|باجل'),  # not
    ('9900004', 'Sirte', '31.2', '16.6', 'LY', '62', '80000', 'سرت', 'Sirte|Surt|سرت'),
]


def _unit(uid: str, en: str, ar: str, feature: str, lat: float, lon: float, pcode: str,
          population: int | None = None, **parents: str) -> dict:
    """An Open-Syria admin unit: ``feature`` is the word of its formal alias (محافظة,
    منطقة, ناحية); ``parents``: governorateId, districtId."""
    out: dict = {
        "id": uid,
        "name": {"en": en, "ar": ar},
        "aliases": [{"value": f"{feature} {ar}", "language": "ar", "type": "formal"}],
        "centroid": {"latitude": lat, "longitude": lon},
    }
    if population is not None:
        out["population"] = {"value": population, "year": 2011}
    out.update({"externalIds": {"ochaPcode": pcode}, "sourceIds": ["fixture"], "sourceStatus": "seed"})
    out.update(parents)
    return out


GOVERNORATES = [
    _unit("sy-aleppo", "Aleppo", "حلب", "محافظة", 36.25, 37.6, "SY02", 4_000_000),
    _unit("sy-homs", "Homs", "حمص", "محافظة", 34.5, 38.3, "SY04", 1_600_000),
    _unit("sy-idlib", "Idlib", "إدلب", "محافظة", 35.77, 36.67, "SY07", 1_400_000),
    _unit("sy-hasakah", "Al-Hasakah", "الحسكة", "محافظة", 36.52, 40.9, "SY08", 1_500_000),
    _unit("sy-deir", "Deir ez-Zor", "دير الزور", "محافظة", 35.17, 40.28, "SY09", 1_100_000),
    _unit("sy-damascus", "Damascus", "دمشق", "محافظة", 33.51, 36.29, "SY01"),
    _unit("sy-rural-damascus", "Rural Damascus", "ريف دمشق", "محافظة", 33.5, 36.6, "SY03"),
]

DISTRICTS = [
    _unit("sy-aleppo-afrin", "Afrin", "عفرين", "منطقة", 36.55, 36.8, "SY0203", 170_000,
          governorateId="sy-aleppo"),
    _unit("sy-hasakah-hasakah", "Al-Hasakah", "الحسكة", "منطقة", 36.2, 40.7, "SY0800", 480_000,
          governorateId="sy-hasakah"),
]

SUBDISTRICTS = [
    _unit("sy-hasakah-hole", "Hole", "الهول", "ناحية", 36.39, 41.13, "SY080006", 15_000,
          governorateId="sy-hasakah", districtId="sy-hasakah-hasakah"),
]


def _tsv(columns: tuple[str, ...], rows: list[tuple[str, ...]], newline: str = "\n") -> str:
    return "".join("\t".join(r) + newline for r in [columns, *rows])


def write(dest: Path) -> Path:
    """Write the gazetteer into ``dest`` in the layout of data/places/sources.yaml."""
    files = {
        "ocha-syria-2015/communities.tsv": _tsv(COMMUNITY_COLUMNS, COMMUNITIES, "\r\n"),  # OCHA's file has CRLF
        "geonames-mena/cities500_mena.tsv": _tsv(GEONAMES_COLUMNS, GEONAMES),
        "opensyria-admin/governorates.json": json.dumps(GOVERNORATES, ensure_ascii=False, indent=1),
        "opensyria-admin/districts.json": json.dumps(DISTRICTS, ensure_ascii=False, indent=1),
        "opensyria-admin/subdistricts.json": json.dumps(SUBDISTRICTS, ensure_ascii=False, indent=1),
    }
    for rel, text in files.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))  # as written: no newline translation
    return dest


@lru_cache(maxsize=1)
def directory() -> Path:
    """The gazetteer written once per test process into a temporary directory (removed
    at exit): what the tests pass to ``install_gazetteer`` / ``data install --from``."""
    dest = Path(tempfile.mkdtemp(prefix="marsad-gazetteer-fixture-"))
    atexit.register(shutil.rmtree, dest, ignore_errors=True)
    return write(dest)
