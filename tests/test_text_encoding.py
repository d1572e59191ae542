"""Legacy Vietnamese encodings: round trips, detection, the TCVN3 table against glibc, a real shapefile."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely

from geo.text_encoding import (
    ENCODINGS,
    TCVN3_TABLE,
    VIETNAMESE_COLUMN_NAMES,
    EncodingDecision,
    decode,
    detect,
    encode,
    fold,
    map_column,
    misread_legacy,
    recover_latin1,
)
from geo.text_encoding.syllables import is_syllable

PLACE_NAMES = [
    "Bạc Liêu",
    "Trà Vinh",
    "Đông Hải",
    "Hòa Bình",
    "Giá Rai",
    "Vĩnh Lợi",
    "Hồng Dân",
    "Phước Long",
    "Càng Long",
    "Cầu Kè",
    "Tiểu Cần",
    "Châu Thành",
    "Cầu Ngang",
    "Trà Cú",
    "Duyên Hải",
    "Châu Hưng",
    "Vĩnh Trạch Đông",
    "Hiệp Thạnh",
    "Trường Long Hòa",
    "Nhà Mát",
    "Láng Thé",
    "Phong Thạnh Đông",
    "Ninh Quới",
    "Vĩnh Hậu",
    "Long Điền",
    "Định Thành",
    "Nguyệt Hóa",
    "Lương Hòa",
    "Ngũ Lạc",
    "Tập Sơn",
    "Đại An",
    "Mỹ Long Bắc",
    "Ngãi Xuyên",
    "Đôn Xuân",
    "Long Khánh",
    "Hàm Giang",
]

SENTENCES = [
    "Tiếng Việt có sáu thanh: ngang, huyền, sắc, hỏi, ngã, nặng.",
    "Trăm năm trong cõi người ta, chữ tài chữ mệnh khéo là ghét nhau.",
    "Dự án đê biển Đông Hải đã hoàn thành 85% khối lượng.",
    "Kè chống sạt lở bờ biển xã Hiệp Thạnh, thị xã Duyên Hải",
    "Nhà máy điện gió Đông Hải 1 - giai đoạn 2",
    "Cống Láng Thé, huyện Càng Long, tỉnh Trà Vinh",
    "Hệ thống thủy lợi Quản Lộ - Phụng Hiệp giữ ngọt cho huyện Hồng Dân",
    "Khánh Hoà và Khánh Hòa, thuỷ lợi và thủy lợi",
    "Người dân khuấy nước, rượu, khuỷu tay, ngoài trời, xoáy nước, quốc lộ, giếng khoan",
    "Đường dây điện, trạm biến áp, xử lý chất thải rắn, trồng rừng phòng hộ",
]

_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def _tone_rows(upper: bool) -> list[str]:
    """Every tone on every vowel, as syllables "tV" or "tVn" (ă and â need a final consonant)."""
    rows = []
    for vowel in ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"):
        coda = "n" if vowel in "ăâ" else ""
        row = " ".join(unicodedata.normalize("NFC", "t" + vowel + tone + coda) for tone in _TONES)
        rows.append(row.upper() if upper else row)
    rows.append("đa đà đá đả đã đạ Đà Đông")
    return rows


def _has_capital_toned(text: str) -> bool:
    return any(c.isupper() and set(unicodedata.normalize("NFD", c)) & set(_TONES[1:]) for c in text)


CORPUS = PLACE_NAMES + SENTENCES + _tone_rows(upper=False) + _tone_rows(upper=True) + ["TRÀ VINH", "BẠC LIÊU", "Ấp Mỹ"]


def corpus_for(encoding: str) -> list[str]:
    """The corpus less what the encoding cannot hold: TCVN3 (ABC) has no capital toned letters."""
    if encoding == "tcvn3":
        return [text for text in CORPUS if not _has_capital_toned(text)]
    return CORPUS


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_text_round_trips_exactly(encoding: str) -> None:
    for text in corpus_for(encoding):
        raw = encode(text, encoding)
        assert decode(raw, encoding) == unicodedata.normalize("NFC", text)
        # Decomposed input encodes to the same bytes.
        assert encode(unicodedata.normalize("NFD", text), encoding) == raw


def test_tcvn3_corpus_still_covers_every_lowercase_tone_and_the_capital_vowel_letters() -> None:
    text = " ".join(corpus_for("tcvn3"))
    for row in _tone_rows(upper=False):
        assert row in text
    assert set("ĂÂÊÔƠƯĐ") <= set(" ".join(CORPUS)) and "Đông" in text


def test_how_the_encoding_was_decided_writes_its_counts_as_each_language_writes_numbers() -> None:
    """A 5,000-row file's report said "14999 multibyte characters" in English (and 14.999 in Vietnamese)."""
    decision = detect(encode(text, "utf-8") for text in corpus_for("utf-8") * 40)
    counts = re.search(r"with ([\d,]+) multibyte characters, ([\d,]+) of them", decision.how.en).groups()
    assert all("," in count for count in counts), decision.how.en  # over a thousand each
    assert re.search(r"có \d{1,3}(\.\d{3})+ ký tự nhiều byte", decision.how.vi), decision.how.vi


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_detect_the_whole_corpus(encoding: str) -> None:
    decision = detect(encode(text, encoding) for text in corpus_for(encoding))
    assert isinstance(decision, EncodingDecision)
    assert decision.encoding == encoding, decision.how.en
    assert decision.confidence >= 0.9, decision


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_detect_each_place_name_on_its_own(encoding: str) -> None:
    for name in PLACE_NAMES:
        decision = detect([encode(name, encoding)])
        assert decision.encoding == encoding, (name, decision.how.en)
        assert decode(encode(name, encoding), decision.encoding) == name


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_detect_each_corpus_text_on_its_own(encoding: str) -> None:
    """A single short text can be ambiguous; then the decision must say so with a low confidence."""
    texts = corpus_for(encoding)
    wrong = [(text, d) for text in texts if (d := detect([encode(text, encoding)])).encoding != encoding]
    assert len(wrong) <= len(texts) // 50, wrong
    assert all(d.confidence <= 0.5 for _, d in wrong), wrong


def test_an_ambiguous_text_gets_a_low_confidence() -> None:
    # VNI writes ì í ỉ ĩ ị as single bytes that are also TCVN3 letters (ỡ ớ ẩ ...): both read as syllables.
    decision = detect([encode("ti tì tí tỉ tĩ tị", "vni")])
    assert decision.confidence <= 0.5
    assert "next best" in decision.how.en


def test_detect_explains_itself() -> None:
    decision = detect([encode(name, "tcvn3") for name in PLACE_NAMES])
    assert decision.how.en.startswith("detected from the bytes: ")
    assert "TCVN3 letter codes (" in decision.how.en and "µ" in decision.how.en
    assert "0xAD = ư (a soft hyphen in Latin-1)" in decision.how.en
    assert "VNI base+modifier pairs" in detect([encode(n, "vni") for n in PLACE_NAMES]).how.en
    assert "cp1258 tone bytes after vowels" in detect([encode(n, "cp1258") for n in PLACE_NAMES]).how.en


def test_plain_ascii_is_utf8() -> None:
    decision = detect([b"Tra Vinh", b"Bac Lieu", b"12.5"])
    assert (decision.encoding, decision.how.en, decision.confidence) == ("utf-8", "plain ASCII", 1.0)
    assert detect([]).encoding == "utf-8"


@pytest.mark.parametrize(
    ("cpg", "encoding"),
    [
        ("UTF-8", "utf-8"),
        ("65001", "utf-8"),
        ("CP1258", "cp1258"),
        ("1258", "cp1258"),
        ("ANSI 1258", "cp1258"),
        ("windows-1258\n", "cp1258"),
        ("TCVN3", "tcvn3"),
        ("VNI-Windows", "vni"),
    ],
)
def test_a_cpg_naming_an_encoding_is_honoured(cpg: str, encoding: str) -> None:
    samples = [encode(name, encoding) for name in PLACE_NAMES]
    decision = detect(samples, cpg=cpg)
    assert decision.encoding == encoding
    assert decision.how.en == f"from the .cpg file ({cpg.strip()})"
    assert decision.confidence == 1.0


def test_a_cpg_is_honoured_for_ascii_data() -> None:
    decision = detect([b"Tra Vinh"], cpg="1258")
    assert (decision.encoding, decision.how.en, decision.confidence) == ("cp1258", "from the .cpg file (1258)", 1.0)


def test_a_wrong_cpg_is_overridden_with_the_reason() -> None:
    samples = [encode(name, "tcvn3") for name in PLACE_NAMES]
    decision = detect(samples, cpg="UTF-8")
    assert decision.encoding == "tcvn3"
    assert decision.how.en.startswith(
        "the .cpg file says 'UTF-8' but it is wrong: byte 0xB9 at offset 1 cannot be decoded"
    )
    assert "detected from the bytes" in decision.how.en


def test_a_cpg_whose_decoding_is_not_vietnamese_is_overridden() -> None:
    decision = detect([encode(name, "tcvn3") for name in PLACE_NAMES], cpg="ANSI 1258")
    assert decision.encoding == "tcvn3"
    assert re.match(
        r"the \.cpg file says 'ANSI 1258' but it is wrong: only \d+ of \d+ accented words are Vietnamese syllables"
        r" in CP1258; detected from the bytes: ",
        decision.how.en,
    )


def test_a_cpg_naming_another_encoding_falls_back_to_detection() -> None:
    decision = detect([encode(name, "vni") for name in PLACE_NAMES], cpg="ISO-8859-1")
    assert decision.encoding == "vni"
    assert decision.how.en.startswith("the .cpg file says 'ISO-8859-1', which is not a Vietnamese encoding")


def test_recover_latin1() -> None:
    assert recover_latin1("Trµ Vinh", "tcvn3") == "Trà Vinh"
    assert recover_latin1("B¹c Liªu", "tcvn3") == "Bạc Liêu"
    assert recover_latin1("§«ng H¶i", "tcvn3") == "Đông Hải"
    assert recover_latin1("Ch©u H\xadng", "tcvn3") == "Châu Hưng"
    assert recover_latin1("Ñoâng Haûi", "vni") == "Đông Hải"
    assert recover_latin1("TraÌ Vinh", "cp1258") == "Trà Vinh"
    assert recover_latin1("TrÃ\xa0 Vinh", "utf-8") == "Trà Vinh"
    with pytest.raises(ValueError, match="'ư' at offset 6 is not a Latin-1 character"):
        recover_latin1("Châu Hưng", "tcvn3")


@pytest.mark.parametrize(
    ("raw", "encoding", "message"),
    [
        (b"Tr\xb5 Vinh", "utf-8", "byte 0xB5 at offset 2 cannot be decoded as UTF-8"),
        (b"Tra\xcc Vi\x81nh", "cp1258", "byte 0x81 at offset 7 cannot be decoded as CP1258"),
        (b"Tra\xf8 Vinh \x90", "vni", "byte 0x90 at offset 10 cannot be decoded as VNI-Windows"),
    ],
)
def test_an_undecodable_byte_raises_naming_it_and_its_offset(raw: bytes, encoding: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        decode(raw, encoding)


def test_tcvn3_defines_every_byte() -> None:
    assert decode(bytes(range(256)), "tcvn3")


def test_encode_refuses_what_the_encoding_cannot_hold() -> None:
    with pytest.raises(ValueError, match=r"'Ấ' \(U\+1EA4\) at offset 0 cannot be written in TCVN3; .*no capital toned"):
        encode("Ấp Mỹ", "tcvn3")
    with pytest.raises(ValueError, match="'ø' .* at offset 1 cannot be written in VNI-Windows"):
        encode("Bø", "vni")
    with pytest.raises(ValueError, match="unknown encoding 'latin9'"):
        encode("Trà Vinh", "latin9")


@pytest.mark.parametrize("encoding", ["cp1258", "tcvn3", "vni"])
def test_decoding_never_drops_a_character(encoding: str) -> None:
    """Random bytes: every byte yields at least one code point of the decomposed result."""
    rng = random.Random(1258)
    decodable = [b for b in range(256) if _decodes(bytes([b]), encoding)]
    for _ in range(300):
        raw = bytes(rng.choice(decodable) for _ in range(rng.randint(1, 40)))
        text = decode(raw, encoding)
        assert text == unicodedata.normalize("NFC", text)
        assert len(unicodedata.normalize("NFD", text)) >= len(raw)


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        decode(raw, encoding)
    except ValueError:
        return False
    return True


def test_cp1258_decodes_to_nfc_and_is_written_with_separate_tone_bytes() -> None:
    assert encode("Bạc Liêu", "cp1258") == b"Ba\xf2c Li\xeau"
    assert decode(b"Ho\xcca", "cp1258") == "Hòa" == unicodedata.normalize("NFC", "Hòa")
    assert decode(b"Tr\xe0 Vinh", "cp1258") == "Trà Vinh"  # precomposed à also reads


def test_vni_reads_lowercase_and_capital_modifiers() -> None:
    assert decode(b"Lie\xe2u", "vni") == "Liêu"
    assert decode(b"TRA\xd8 VINH", "vni") == "TRÀ VINH"
    assert decode(b"TRa\xd8", "vni") == "TRà"
    assert decode(b"ng\xf6\xf4\xf8i", "vni") == "người"
    assert encode("Ặ ặ Ỵ ỵ", "vni") == b"A\xcb a\xeb \xce \xee"


def _iconv_knows_tcvn() -> bool:
    if shutil.which("iconv") is None:
        return False
    listing = subprocess.run(["iconv", "-l"], capture_output=True, text=True).stdout
    return "TCVN5712-1" in listing


@pytest.mark.skipif(not _iconv_knows_tcvn(), reason="glibc iconv with TCVN5712-1 is not available")
def test_tcvn3_table_matches_glibc_iconv_for_all_256_bytes() -> None:
    for b in range(256):
        out = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([b]), capture_output=True)
        assert out.returncode == 0, (b, out.stderr)
        assert TCVN3_TABLE[b] == out.stdout.decode("utf-8"), hex(b)


def test_tcvn3_facts() -> None:
    assert decode(bytes(range(0xA1, 0xAF)), "tcvn3") == "ĂÂÊÔƠƯĐăâêôơưđ"
    assert decode(b"\xb5\xb8\xb6\xb7\xb9", "tcvn3") == "àáảãạ"


@pytest.mark.parametrize(
    ("word", "valid"),
    [
        ("hòa", True),
        ("hoà", True),
        ("thủy", True),
        ("thuỷ", True),
        ("người", True),
        ("khuỷu", True),
        ("giữ", True),
        ("quốc", True),
        ("TRƯỜNG", True),
        ("bạc", True),
        ("bac", False),  # a stop consonant needs sắc or nặng
        ("bàc", False),
        ("traì", False),  # cp1258 "Trà" read as VNI: tone on the wrong vowel
        ("trµ", False),
        ("liªu", False),
        ("tăng", True),
        ("tă", False),
        ("baïc", False),
        ("hoìa", False),
    ],
)
def test_syllable_checker(word: str, valid: bool) -> None:
    assert is_syllable(word) is valid


def test_fold() -> None:
    assert fold("Hoà") == fold("Hòa") == "hoa"
    assert fold("Thuỷ") == fold("Thủy") == "thuy"
    assert fold("Châu Hưng") == "chau hung"
    assert fold("  ĐÔNG   Hải ") == "dong hai"
    assert fold(unicodedata.normalize("NFD", "Vĩnh Trạch Đông")) == "vinh trach dong"


@pytest.mark.parametrize(
    ("column", "field"),
    [
        ("Tên dự án", "name_vi"),
        ("TEN", "name_vi"),
        ("TENDUAN", "name_vi"),
        ("Mã dự án", "code"),
        ("LOAI_DA", "kind"),
        ("KINH_DO", "lon"),
        ("Kinh độ", "lon"),
        ("X", "lon"),
        ("vĩ độ", "lat"),
        ("Trạng thái", "status"),
        ("TIEN_DO", "percent"),
        ("Huyện", "district"),
        ("Xã", "commune"),
        ("Công suất", "capacity_value"),
        ("Tổng vốn", "budget_vnd_billion"),
        ("KINH_PHI", "budget_vnd_billion"),
        ("Năm bắt đầu", "start_year"),
        ("NAM_BAT_DA", "start_year"),  # cut to the DBF's 10 characters
        ("NAM_HOAN_T", "end_year"),
        ("NAM_KC", "start_year"),  # năm khởi công, as offices shorten it
        ("NamHT", "end_year"),
        ("Năm kết thúc", "end_year"),
        ("TMDT", "budget_vnd_billion"),  # tổng mức đầu tư
        ("VON_DT", "budget_vnd_billion"),  # vốn đầu tư
        ("Tổng vốn (tỷ đồng)", "budget_vnd_billion"),  # the registry's unit, said in the name
        ("Vốn đầu tư [tỷ VNĐ]", "budget_vnd_billion"),
        ("Tổng vốn (triệu đồng)", None),  # another unit: its values would be a thousand times off
        ("Tiến độ (%)", "percent"),
        ("Công suất (MW)", "capacity_value"),
        ("geometry", None),
        ("GHI_CHU", None),
    ],
)
def test_map_column(column: str, field: str | None) -> None:
    assert map_column(column) == field


def test_column_names_are_folded_keys() -> None:
    for key in VIETNAMESE_COLUMN_NAMES:
        assert key == fold(key) and " " not in key


# --- a real shapefile through GDAL -----------------------------------------------------


def _write_shapefile(path: Path, values: list[str], encoding: str) -> None:
    gdf = gpd.GeoDataFrame(
        {"ten": values}, geometry=[shapely.Point(105.3 + i / 100, 9.3) for i in range(len(values))], crs=4326
    )
    pyogrio.write_dataframe(gdf, path, encoding=encoding)


def _drop_cpg_and_ldid(path: Path) -> bytes:
    """Leave the DBF as an office sends it: no .cpg, language driver 0 (GDAL then assumes ISO-8859-1)."""
    path.with_suffix(".cpg").unlink()
    dbf = bytearray(path.with_suffix(".dbf").read_bytes())
    dbf[29] = 0
    path.with_suffix(".dbf").write_bytes(bytes(dbf))
    return bytes(dbf)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "cp1258"])
def test_shapefile_without_cpg_recovers_the_exact_names(tmp_path: Path, encoding: str) -> None:
    names = corpus_for(encoding)[:40]
    legacy = [encode(name, encoding) for name in names]
    path = tmp_path / "projects.shp"
    # Latin-1 maps byte n to character n, so GDAL writes exactly the legacy bytes.
    _write_shapefile(path, [raw.decode("latin-1") for raw in legacy], "latin1")
    dbf = _drop_cpg_and_ldid(path)
    assert all(raw in dbf for raw in legacy)
    assert not path.with_suffix(".cpg").exists()

    assert pyogrio.read_info(path)["encoding"] == "ISO-8859-1"
    for read_encoding in ("latin1", None):  # pyogrio's own decoding, and GDAL's default recoding
        values = pyogrio.read_dataframe(path, encoding=read_encoding)["ten"].tolist()
        assert [v.encode("latin-1") for v in values] == legacy
        decision = detect(v.encode("latin-1") for v in values)
        assert decision.encoding == encoding, decision.how.en
        assert [recover_latin1(v, decision.encoding) for v in values] == names


def test_shapefile_written_by_gdal_in_cp1258_is_read_through_latin1(tmp_path: Path) -> None:
    """GDAL's own CP1258 writer; reading with encoding="latin1" bypasses GDAL's recoding even with a .cpg."""
    path = tmp_path / "gdal1258.shp"
    _write_shapefile(path, PLACE_NAMES, "cp1258")
    cpg = path.with_suffix(".cpg").read_text()
    values = pyogrio.read_dataframe(path, encoding="latin1")["ten"].tolist()
    decision = detect((v.encode("latin-1") for v in values), cpg=cpg)
    assert decision.encoding == "cp1258"
    assert [recover_latin1(v, "cp1258") for v in values] == PLACE_NAMES

    _drop_cpg_and_ldid(path)
    values = pyogrio.read_dataframe(path, encoding="latin1")["ten"].tolist()
    assert detect(v.encode("latin-1") for v in values).encoding == "cp1258"
    assert [recover_latin1(v, "cp1258") for v in values] == PLACE_NAMES


@pytest.mark.parametrize(
    "text",
    [
        *("Cống Gành Hào", "Trà Vinh", "Cà Mau", "Hòa Bình", "Kè Đầm Dơi"),  # Vietnamese in Unicode
        *("Ganh Hao sluice", "Café on the dyke", "São Paulo"),  # English, other languages
        *("µg/m³", "5 m³/s", "25°C", "62 × 4 MW, phases 1–2"),  # units and signs
        *("CG-01", "TV-P1-FLOOD-LAKE", "13.3"),  # codes
    ],
)
def test_ordinary_text_is_not_taken_for_legacy_text_misread(text):
    assert misread_legacy(text) is None


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_text_read_one_byte_a_character_is_known_with_its_reading(encoding):
    meant = "Sửa chữa cống Gành Hào, xã Tân Thuận"
    assert misread_legacy(encode(meant, encoding).decode("cp1252")) == (encoding, meant)


def test_legacy_words_in_a_cell_partly_retyped_in_unicode_are_known_and_read():
    """Trial 43: "Tr¹m b¬m Phước Long", a pasted name whose place was retyped, passed: only wholly one-byte cells were
    judged. Each word that is not Vietnamese is judged, and a word Vietnamese as it stands whose legacy reading is
    too is read so ("chó" in "Ghi chó cò tõ tÖp" is the TCVN3 of "chú")."""
    assert misread_legacy("Tr¹m b¬m Phước Long") == ("tcvn3", "Trạm bơm Phước Long")
    assert misread_legacy("Ghi chó cò tõ tÖp") == ("tcvn3", "Ghi chú cũ từ tệp")
    assert misread_legacy("Cèng 12 Gµnh-Hµo") == ("tcvn3", "Cống 12 Gành-Hào")
    for text in ("Gành Hào, Phước Long", "Hồ cò Müller", "Café Hà Nội", "Trạm bơm µg/m³"):
        assert misread_legacy(text) is None, text
