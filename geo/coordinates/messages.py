"""What the CRS decision says, in Vietnamese and English, one entry per text: how the CRS was decided
(``CrsDecision.how``), what to double-check (``CrsDecision.warnings``) and why coordinates are refused
(:class:`~geo.coordinates.zones.CoordinateError`). :func:`said` fills a text's blanks (geo.said)."""

from __future__ import annotations

from typing import Any

from geo.said import Said, fill

MESSAGES: dict[str, dict[str, str]] = {
    # Inferred from the coordinates (geo.coordinates.infer).
    "no_coordinates": {
        "vi": "không có tọa độ nào để suy ra hệ tọa độ",
        "en": "no coordinates to infer a CRS from",
    },
    "not_numbers": {
        "vi": "{count} đối tượng thiếu tọa độ hoặc có tọa độ không phải là số: {listed}; hãy sửa hoặc bỏ các đối "
        "tượng này trước khi nạp",
        "en": "{count} feature(s) have missing or non-numeric coordinates: {listed}; fix or drop them before import",
    },
    "ranges": {
        "vi": "x {x0}–{x1}, y {y0}–{y1}",
        "en": "x {x0}–{x1}, y {y0}–{y1}",
    },
    "swapped": {
        "vi": "vĩ độ và kinh độ có vẻ bị đảo chỗ ({ranges}: x giống vĩ độ, y giống kinh độ); hãy đổi chỗ hai cột, "
        "hoặc gán x cho cột kinh độ và y cho cột vĩ độ",
        "en": "latitude and longitude look swapped ({ranges}: x looks like latitude, y like longitude); swap the "
        "columns, or map x to the longitude column and y to the latitude column",
    },
    "read_as_degrees": {
        "vi": "đọc là kinh độ/vĩ độ WGS 84 ({ranges})",
        "en": "read as WGS 84 longitude/latitude ({ranges})",
    },
    "inferred_degrees": {
        "vi": "suy ra từ khoảng giá trị của tọa độ (không có tệp .prj): {ranges} là kinh độ/vĩ độ (độ) trong vùng "
        "→ EPSG:4326 (giả định WGS 84)",
        "en": "inferred from the coordinate ranges (no .prj): {ranges} are longitude/latitude degrees in the region "
        "→ EPSG:4326 (WGS 84 assumed)",
    },
    "maybe_vn2000_degrees": {
        "vi": "tọa độ theo độ cũng có thể là tọa độ địa lý VN-2000 (EPSG:4756), lệch ~225 m so với WGS 84; hệ thống đã "
        "giả định WGS 84 — hãy chọn EPSG:4756 {crs_option} nếu dữ liệu lấy từ đo đạc VN-2000",
        "en": "degrees could also be VN-2000 geographic (EPSG:4756), ~225 m from WGS 84; WGS 84 was assumed — "
        "give EPSG:4756 {crs_option} if the data come from a VN-2000 survey",
    },
    "neither_degrees_nor_tm3": {
        "vi": "tọa độ ({ranges}) không phải kinh độ/vĩ độ trong vùng, cũng không phải tọa độ mét VN-2000 TM-3 "
        "(E 400–700 km, N 900–{north} km): chỉ {fit}/{total} đối tượng là {reading}; các đối tượng đầu tiên không "
        "phải: {listed}. Hãy chọn hệ tọa độ {crs_option}, hoặc kiểm tra các cột x/y{hint}",
        "en": "the coordinates ({ranges}) are neither longitude/latitude degrees in the region nor VN-2000 TM-3 "
        "metres (E 400–700 km, N 900–{north} km): only {fit} of the {total} features are {reading}; the first "
        "features that are not: {listed}. Give the CRS {crs_option}, or check the x/y columns{hint}",
    },
    "reading_degrees": {
        "vi": "kinh độ/vĩ độ (độ) trong vùng",
        "en": "longitude/latitude degrees in the region",
    },
    "reading_tm3": {
        "vi": "tọa độ mét VN-2000 TM-3",
        "en": "VN-2000 TM-3 metres",
    },
    "strays_told": {
        "vi": "{count}/{total} đối tượng không khớp cách đọc này: mỗi đối tượng được báo lỗi riêng",
        "en": "{count} of the {total} features do not fit this reading: each is told as its own error",
    },
    "stray_swapped": {
        "vi": "vĩ độ và kinh độ có vẻ bị đảo chỗ: x {x}, y {y} — hãy đổi chỗ hai giá trị",
        "en": "latitude and longitude look swapped: x {x}, y {y} — swap them",
    },
    "stray_far": {
        "vi": "x {x}, y {y} nằm ngoài vùng của sổ đăng ký (tỉnh Cà Mau, Vĩnh Long, gồm Bạc Liêu, Trà Vinh cũ; kinh "
        "độ {west}–{east}, vĩ độ {south}–{north}), {where}, trong khi các đối tượng khác của tệp nằm trong vùng — hãy "
        "kiểm tra tọa độ",
        "en": "x {x}, y {y} lies outside the registry's region (Cà Mau and Vĩnh Long, with former Bạc Liêu and Trà "
        "Vinh; lon {west}–{east}, lat {south}–{north}), {where}, while the file's other features lie in it — check "
        "the coordinates",
    },
    "from_region": {"vi": "cách vùng {km}", "en": "{km} from it"},
    "stray_other_reading": {
        "vi": "x {x}, y {y} trông như {other}, trong khi các đối tượng khác của tệp là {reading} — hãy ghi mọi đối "
        "tượng trong cùng một hệ tọa độ",
        "en": "x {x}, y {y} look like {other}, while the file's other features are {reading} — give every feature "
        "in the same CRS",
    },
    "stray_not_like": {
        "vi": "x {x}, y {y} không phải {reading} như các đối tượng khác của tệp — hãy kiểm tra tọa độ",
        "en": "x {x}, y {y} are not {reading}, as the file's other features are — check the coordinates",
    },
    "swapped_in": {
        "vi": " (vĩ độ và kinh độ có vẻ bị đảo chỗ ở {listed}: hãy đổi chỗ)",
        "en": " (latitude and longitude look swapped in {listed}: swap them)",
    },
    "point": {"vi": "{feature} ({x}, {y})", "en": "{feature} ({x}, {y})"},
    "feature_number": {"vi": "đối tượng {index}", "en": "feature {index}"},
    "province_96": {
        "vi": "tỉnh 96 (Cà Mau từ năm 2025) có cả dữ liệu của tỉnh Bạc Liêu cũ (TM-3 105°00') và của tỉnh Cà Mau cũ "
        "(104°30', lựa chọn của HCMGIS), lệch nhau ~55 km",
        "en": "province 96 (Cà Mau since 2025) mixes former Bạc Liêu data (TM-3 105°00') and former Cà Mau data "
        "(104°30', HCMGIS's choice), ~55 km apart",
    },
    "province_unknown": {
        "vi": "chưa biết múi TM-3 của tỉnh {code!r}",
        "en": "no TM-3 zone is known for province {code!r}",
    },
    "province_missing": {
        "vi": "chưa chọn tỉnh",
        "en": "no province was given",
    },
    "zone_undecided": {
        "vi": "tọa độ ({ranges}) là tọa độ mét VN-2000 TM-3 nhưng không xác định được múi chiếu: {why}. Hãy chọn "
        "một trong các hệ sau {crs_option}: {candidates}",
        "en": "the coordinates ({ranges}) are VN-2000 TM-3 metres, but the zone cannot be decided: {why}. Give "
        "one of these {crs_option}: {candidates}",
    },
    "candidate": {
        "vi": "EPSG:{code} ({zone}: tâm dữ liệu tại kinh độ {lon}, vĩ độ {lat})",
        "en": "EPSG:{code} ({zone}: centre at lon {lon}, lat {lat})",
    },
    "zone_inferred": {
        "vi": "múi chiếu được suy ra, không đọc từ tệp: hãy chồng kết quả lên ranh giới xã để kiểm tra; sai múi thì "
        "các điểm lệch hàng chục kilômét, dùng nhầm UTM 48N (EPSG:3405) thì lệch vài trăm mét",
        "en": "the zone was inferred, not read: overlay the result on the commune boundaries; another zone moves "
        "points by tens of kilometres, UTM 48N (EPSG:3405) by a few hundred metres",
    },
    "inferred_tm3": {
        "vi": "suy ra từ khoảng giá trị của tọa độ (không có tệp .prj): {ranges} là tọa độ mét VN-2000 TM-3; tỉnh "
        "{code} ({name}) → EPSG:{epsg} ({crs})",
        "en": "inferred from the coordinate ranges (no .prj): {ranges} are VN-2000 TM-3 metres; province {code} "
        "({name}) → EPSG:{epsg} ({crs})",
    },
    "outside_region": {
        "vi": "{prefix}{count}/{total} đối tượng nằm ngoài vùng của sổ đăng ký (tỉnh Cà Mau, Vĩnh Long, gồm Bạc Liêu, "
        "Trà Vinh cũ; kinh độ {west}–{east}, vĩ độ {south}–{north}), xa nhất {farthest}: {listed}{more}; {hint}",
        "en": "{prefix}{count} of {total} features lie outside the registry's region (Cà Mau and Vĩnh Long, with "
        "former Bạc Liêu and Trà Vinh; lon {west}–{east}, lat {south}–{north}), up to {farthest} out: "
        "{listed}{more}; {hint}",
    },
    "feature_outside_region": {
        "vi": "nằm ngoài vùng của sổ đăng ký (tỉnh Cà Mau, Vĩnh Long, gồm Bạc Liêu, Trà Vinh cũ; kinh độ "
        "{west}–{east}, vĩ độ {south}–{north}): kinh độ {lon}, vĩ độ {lat}, {where}; {hint}",
        "en": "lies outside the registry's region (Cà Mau and Vĩnh Long, with former Bạc Liêu and Trà Vinh; lon "
        "{west}–{east}, lat {south}–{north}): lon {lon}, lat {lat}, {where}; {hint}",
    },
    "not_degrees_tm3": {
        "vi": "tọa độ, đọc theo hệ tọa độ của lớp, không phải độ kinh/vĩ: trông như tọa độ mét VN-2000 TM-3 "
        "(x 400–700 km, y 900–1.300 km), nên tệp .prj (hoặc hệ đã chọn) có lẽ sai; hãy chọn hệ tọa độ {crs_option} "
        "({zones})",
        "en": "the coordinates, read in the layer's CRS, are not degrees of longitude and latitude: they look like "
        "VN-2000 TM-3 metres (x 400–700 km, y 900–1,300 km), so its .prj (or the CRS given) is most likely wrong; "
        "give its CRS {crs_option} ({zones})",
    },
    "not_degrees": {
        "vi": "tọa độ, đọc theo hệ tọa độ của lớp, không phải độ kinh/vĩ: tệp .prj (hoặc hệ đã chọn) có lẽ sai; hãy "
        "chọn hệ tọa độ đúng của tệp {crs_option}",
        "en": "the coordinates, read in the layer's CRS, are not degrees of longitude and latitude: its .prj (or "
        "the CRS given) is most likely wrong; give the file's CRS {crs_option}",
    },
    "zone_choice": {"vi": "EPSG:{epsg} {zone}", "en": "EPSG:{epsg} {zone}"},
    "check_feature": {
        "vi": "hãy sửa tọa độ của đối tượng này (nếu nhiều đối tượng cùng nằm ngoài vùng, hãy kiểm tra hệ tọa độ: "
        "tệp .prj, hoặc hệ đã chọn, hoặc chọn hệ khác {crs_option}; với bảng CSV, kiểm tra cả các cột x/y)",
        "en": "correct this feature's coordinates (if many features lie outside, check the CRS: the .prj, or the one "
        "given, or give another {crs_option}; in a CSV sheet, check the x/y columns too)",
    },
    "swapped_feature": {
        "vi": "vĩ độ và kinh độ của đối tượng này có vẻ bị đảo chỗ",
        "en": "this feature's latitude and longitude look swapped",
    },
    "outside_point": {
        "vi": "{feature} (kinh độ {lon}, vĩ độ {lat}) cách vùng {km}",
        "en": "{feature} (lon {lon}, lat {lat}) {km} out",
    },
    "some_swapped": {
        "vi": "một số đối tượng có vẻ bị đảo chỗ vĩ độ và kinh độ: hãy đổi chỗ hai cột",
        "en": "latitude and longitude look swapped for some of them: swap the columns",
    },
    "check_crs": {
        "vi": "hãy kiểm tra hệ tọa độ (chọn {crs_option}) và các cột x/y",
        "en": "check the CRS (give it {crs_option}) and the x/y columns",
    },
    "transformed_from": {
        "vi": "chuyển từ EPSG:{epsg} ({ranges})",
        "en": "transformed from EPSG:{epsg} ({ranges})",
    },
    # Zones and the decision (geo.coordinates.zones).
    "former_ben_tre": {
        "vi": "dữ liệu của tỉnh Bến Tre cũ dùng TM-3 105°45' (EPSG:9210), lệch ~27 km về phía đông so với 105°30'",
        "en": "data from the former Bến Tre province use TM-3 105°45' (EPSG:9210), ~27 km east of 105°30'",
    },
    "zone_5897": {"vi": "TM-3 105°00', tỉnh Bạc Liêu cũ", "en": "TM-3 105°00', former Bạc Liêu"},
    "zone_9209": {
        "vi": "TM-3 105°30', tỉnh Trà Vinh và tỉnh Vĩnh Long cũ (tỉnh Vĩnh Long mới)",
        "en": "TM-3 105°30', former Trà Vinh and Vĩnh Long (new Vĩnh Long)",
    },
    "zone_9207": {
        "vi": "TM-3 104°30', tỉnh Cà Mau cũ (HCMGIS chọn cho tỉnh Cà Mau mới)",
        "en": "TM-3 104°30', former Cà Mau (HCMGIS's choice for the new Cà Mau)",
    },
    "zone_9210": {"vi": "TM-3 105°45', tỉnh Bến Tre cũ", "en": "TM-3 105°45', former Bến Tre"},
    "zone_3405": {"vi": "UTM múi 48N", "en": "UTM zone 48N"},
    "confirmed_official": {
        "vi": "người dùng xác nhận là VN-2000 chính thức → EPSG:{epsg}",
        "en": "confirmed by the user as official VN-2000 → EPSG:{epsg}",
    },
    # Read from a .prj, WKT, PROJ string, EPSG code or local name (geo.coordinates.recognise).
    "source_prj": {"vi": "tệp .prj", "en": ".prj"},
    "source_crs_option": {
        "vi": "{crs_source}",
        "en": "{crs_source}",
    },
    "datum_only": {
        "vi": "từ {source}: chỉ có tên hệ quy chiếu {text!r} → EPSG:4756 (tọa độ địa lý VN-2000)",
        "en": "from the {source}: datum name {text!r} only → EPSG:4756 (VN-2000 geographic)",
    },
    "datum_only_warning": {
        "vi": "chỉ có hệ quy chiếu (datum): tọa độ được hiểu là kinh độ/vĩ độ VN-2000",
        "en": "only a datum was given: the coordinates are taken as VN-2000 longitude/latitude",
    },
    "unreadable": {
        "vi": "không đọc được hệ tọa độ từ nội dung của {source} {text!r}: {reason}. Hãy cung cấp tệp .prj / WKT, "
        "chuỗi PROJ hoặc mã EPSG (ví dụ EPSG:9209).",
        "en": "cannot read a coordinate reference system from the {source} text {text!r}: {reason}. Give a .prj / "
        "WKT, a PROJ string or an EPSG code (e.g. EPSG:9209).",
    },
    "wgs84_datum_vn2000_projection": {
        "vi": "{label}: datum WGS 84, nhưng {projection} là của VN-2000",
        "en": "{label}: datum WGS 84, but the {projection} are VN-2000's",
    },
    "wgs84_datum_warning": {
        "vi": "{source} ghi datum là WGS 84 (ví dụ D_WGS_1984) nhưng phép chiếu là một múi của VN-2000: đã chọn "
        "VN-2000 EPSG:{zone}; nếu hiểu là WGS 84, dữ liệu sẽ lệch ~225 m. Nếu dữ liệu đúng là WGS 84, hãy chọn một "
        "định nghĩa WGS 84 {crs_option}.",
        "en": "the {source} gives the datum as WGS 84 (e.g. D_WGS_1984) but its projection is a VN-2000 zone: "
        "decided VN-2000 EPSG:{zone}; taken as WGS 84 the data would sit ~225 m off. If the data really are WGS 84, "
        "give a WGS 84 definition {crs_option}.",
    },
    "no_datum": {
        "vi": "{label}: không có datum, ellipsoid WGS 84, {projection}",
        "en": "{label}: no datum, WGS 84 ellipsoid, {projection}",
    },
    "no_datum_warning": {
        "vi": "{source} không có tham số chuyển đổi datum (như các chuỗi PROJ sinh từ mã EPSG): các tham số cho thấy "
        "đây là VN-2000, đã chọn EPSG:{zone}; nếu đọc đúng như khai báo, dữ liệu sẽ lệch ~225 m.",
        "en": "the {source} gives no datum shift (as in PROJ strings written from EPSG codes): the VN-2000 "
        "parameters imply VN-2000, decided EPSG:{zone}; read as given it would sit ~225 m off.",
    },
    "zero_shift_parameters": {
        "vi": "{label}: {projection}, tham số chuyển đổi datum 0,0,0,0,0,0,0",
        "en": "{label}: {projection}, datum shift 0,0,0,0,0,0,0",
    },
    "to_epsg": {
        "vi": "{label} → EPSG:{epsg} ({crs})",
        "en": "{label} → EPSG:{epsg} ({crs})",
    },
    "no_epsg": {
        "vi": "{label} (không có mã EPSG tương ứng)",
        "en": "{label} (no EPSG equivalent)",
    },
    "other_shift": {
        "vi": "tham số chuyển đổi datum ({values}) không phải của VN-2000 và cũng không bằng 0: dùng đúng như khai "
        "báo; hãy kiểm tra trên bản đồ",
        "en": "the datum shift ({values}) is neither VN-2000's nor zero: used as declared; check on the map",
    },
    "non_standard_zone": {
        "vi": "VN-2000 với phép chiếu không phải múi chuẩn của VN-2000",
        "en": "VN-2000 with a projection that is not a standard VN-2000 zone",
    },
    "non_standard_warning": {
        "vi": "phép chiếu VN-2000 không chuẩn: hãy đối chiếu kết quả với các địa điểm đã biết",
        "en": "non-standard VN-2000 projection: check the result against known places",
    },
    "neither_vn2000_nor_wgs84": {
        "vi": "không phải VN-2000 cũng không phải WGS 84: chuyển đổi bằng phép mặc định của PROJ; hãy kiểm tra kết "
        "quả trên bản đồ",
        "en": "neither VN-2000 nor WGS 84: transformed with PROJ's default operation; check the result on the map",
    },
    "kept_zero_shift": {
        "vi": "{how}: VN-2000 «nội bộ», giữ nguyên tham số chuyển đổi bằng 0",
        "en": "{how}: VN-2000 'nội bộ' (internal), kept with its zero shift",
    },
    "zero_shift_warning": {
        "vi": "datum «nội bộ» (tham số chuyển đổi bằng 0, +towgs84=0,0,0,0,0,0,0): nếu đọc đúng như khai báo, tọa độ "
        "sẽ lệch ~225 m so với vị trí theo VN-2000 chính thức. Tọa độ VN-2000 từ đo đạc hoặc địa chính cần được xác "
        "nhận là VN-2000 chính thức (EPSG:{zone}, tham số theo Quyết định 05/2007/QĐ-BTNMT); dữ liệu số hóa trên ảnh "
        "nền WGS 84 trong hệ này thì giữ tham số bằng 0. Dữ liệu chỉ được coi là VN-2000 chính thức khi người dùng "
        "xác nhận.",
        "en": "datum 'nội bộ' (zero shift, +towgs84=0,0,0,0,0,0,0): read as declared, the coordinates land ~225 m "
        "from where official VN-2000 puts them. Surveyed or cadastral VN-2000 coordinates should be confirmed "
        "as official VN-2000 (EPSG:{zone}, Decision 05/2007 shift); data digitised over WGS 84 imagery in this "
        "CRS keep the zero shift. They are treated as official VN-2000 only if the user confirms.",
    },
    "shift_official": {
        "vi": ", với tham số chuyển đổi datum VN-2000 chính thức",
        "en": ", with the official VN-2000 datum shift",
    },
    "shift_unflipped": {
        "vi": ", với tham số chuyển đổi datum VN-2000 (dấu các góc xoay bị đảo)",
        "en": ", with the VN-2000 datum shift (rotation signs reversed)",
    },
    "shift_epsg5194": {
        "vi": ", với tham số chuyển đổi datum VN-2000 của EPSG:5194",
        "en": ", with the EPSG:5194 VN-2000 datum shift",
    },
    "shift_vn_like": {
        "vi": ", với tham số chuyển đổi datum gần giống VN-2000",
        "en": ", with a VN-2000-like datum shift",
    },
    "unflipped_warning": {
        "vi": "các góc xoay TOWGS84 mang dấu theo quy ước coordinate-frame của Quyết định 05/2007, trong khi TOWGS84 "
        "dùng quy ước position-vector (lỗi thường gặp, lệch ~{metres} m); hệ thống dùng tham số chính thức "
        "(EPSG:6960) thay thế",
        "en": "the TOWGS84 rotations have the coordinate-frame signs of Decision 05/2007, but TOWGS84 is "
        "position-vector (a common error, ~{metres} m); the official parameters (EPSG:6960) are used instead",
    },
    "epsg5194_warning": {
        "vi": "tham số chuyển đổi datum là của EPSG:5194 (lệch ~1 m so với tham số chính thức); hệ thống dùng tham "
        "số chính thức EPSG:6960",
        "en": "the datum shift is EPSG:5194's (~1 m from the official one); the official EPSG:6960 is used",
    },
    "vn_like_warning": {
        "vi": "tham số chuyển đổi datum VN-2000 bất thường ({values}) đã được thay bằng tham số chính thức EPSG:6960",
        "en": "unusual VN-2000 datum shift ({values}) replaced by the official EPSG:6960 parameters",
    },
    "wkt_name": {"vi": "từ {source}: tên {name}", "en": "from the {source}: name {name}"},
    "wkt_esri_name": {"vi": "từ {source}: tên ESRI {name}", "en": "from the {source}: ESRI name {name}"},
    "proj_string": {"vi": "từ {source}: chuỗi PROJ", "en": "from the {source}: PROJ string"},
    "geographic": {"vi": "tọa độ địa lý", "en": "geographic coordinates"},
    "tm_parameters": {
        "vi": "tham số {kind} (kinh tuyến trục {meridian}, k {k})",
        "en": "{kind} parameters (central meridian {meridian}, k {k})",
    },
    "unknown_meridian": {
        "vi": "{text!r}: không có múi VN-2000 {kind} nào có kinh tuyến trục {meridian}° (các múi đã biết: {known}); "
        "hãy dùng mã EPSG",
        "en": "{text!r}: no VN-2000 {kind} zone has central meridian {meridian}° (known: {known}); pass an EPSG code "
        "instead",
    },
    "local_name": {
        "vi": "từ {source}: tên địa phương {text!r} (kinh tuyến trục {meridian}, {kind})",
        "en": "from the {source}: local name {text!r} (central meridian {meridian}, {kind})",
    },
    # The official transformation (geo.coordinates.datum_shift).
    "vn2000_not_wgs84_ellipsoid": {
        "vi": "{name!r} khai báo datum VN-2000 nhưng không dùng ellipsoid WGS 84 như VN-2000",
        "en": "{name!r} claims the VN-2000 datum but not its WGS 84 ellipsoid",
    },
    "vn2000_type": {
        "vi": "chưa hỗ trợ loại hệ tọa độ VN-2000 này: {kind}",
        "en": "unsupported VN-2000 CRS type: {kind}",
    },
    "vn2000_units": {
        "vi": "{name!r}: chỉ hỗ trợ phép chiếu VN-2000 có đơn vị là mét",
        "en": "{name!r}: only VN-2000 projections in metres are supported",
    },
}


def said(key: str, **blanks: Any) -> Said:
    """The text ``key`` with its blanks filled (a :class:`Said` blank in the same language)."""
    return fill(MESSAGES, key, **blanks)
