"""Indicator values entered by agencies: who may, corrections instead of overwrites, as-of reads, the bulk import."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from openpyxl import Workbook, load_workbook
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from geo.accounts import create_account, create_token, update_account
from geo.audit import record
from geo.vietnam_day import vietnam_today

PLAN = "148/QĐ-UBND"
FOREST = "forest_cover"  # Bạc Liêu's target, entered by the agriculture department (BL.SNNPTNT)


def _indicator(client, code: str, **params) -> dict:
    listed = client.get("/api/indicators", params={"plan": PLAN, **params})
    assert listed.status_code == 200, listed.text
    return next(i for i in listed.json()["indicators"] if i["code"] == code)


def test_the_responsible_agency_enters_a_value_that_the_list_and_the_report_show(monitoring):
    client = monitoring.client
    body = {"period": "2024", "unit": None, "value": 1.43, "source": "Niên giám thống kê Bạc Liêu 2024"}
    entered = client.post(f"/api/indicators/{FOREST}/values", json=body, headers=monitoring.headers("bl_snn"))
    assert entered.status_code == 201, entered.text
    latest = _indicator(client, FOREST)["latest"]
    assert (latest["period"], latest["value"], latest["entered_by"]) == ("2024", 1.43, "bl_snn")
    report = client.get("/api/reports/annual", params={"plan": PLAN, "year": 2024, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(report.content))["Chỉ tiêu"].iter_rows(values_only=True))
    forest = [row for row in rows if "Tỷ lệ che phủ rừng" in row]
    assert len(forest) == 1 and 1.43 in forest[0]


def test_another_agency_a_viewer_and_a_merged_agency_for_a_later_year_get_403(monitoring):
    body = {"period": "2023", "value": 1.4, "source": "survey"}
    for who in ("bl_sct", "viewer"):
        refused = monitoring.client.post(f"/api/indicators/{FOREST}/values", json=body, headers=monitoring.headers(who))
        assert refused.status_code == 403, (who, refused.text)
    later = {"period": "2025", "value": 1.5, "source": "survey"}
    merged = monitoring.client.post(
        f"/api/indicators/{FOREST}/values", json=later, headers=monitoring.headers("bl_snn")
    )
    assert merged.status_code == 403
    periods = {v["period"] for v in monitoring.client.get(f"/api/indicators/{FOREST}/values").json()["values"]}
    assert not periods & {"2023", "2025"}


def test_a_value_is_never_overwritten_a_correction_keeps_the_old_one_readable_as_of(monitoring):
    client, headers = monitoring.client, monitoring.headers("admin")
    code = "solid_waste_collection"
    first = client.post(
        f"/api/indicators/{code}/values", json={"period": "2024", "value": 70, "source": "STNMT"}, headers=headers
    )
    assert first.status_code == 201
    between = datetime.now(UTC).isoformat()
    again = client.post(
        f"/api/indicators/{code}/values", json={"period": "2024", "value": 72, "source": "STNMT"}, headers=headers
    )
    assert again.status_code == 409 and "reason" in again.text
    fixed = client.post(
        f"/api/indicators/{code}/values",
        json={"period": "2024", "value": 72.5, "source": "STNMT", "reason": "two landfills were missing"},
        headers=headers,
    )
    assert fixed.status_code == 201 and fixed.json()["supersedes"] == first.json()["id"]
    assert _indicator(client, code)["latest"]["value"] == 72.5
    assert _indicator(client, code, as_of=between)["latest"]["value"] == 70
    history = client.get(f"/api/indicators/{code}/values").json()["values"]
    assert [(v["value"], v["is_current"], v["reason"]) for v in history] == [
        (70, False, None),
        (72.5, True, "two landfills were missing"),
    ]


def test_unit_values_roll_up_by_the_indicators_rule(monitoring):
    client, headers = monitoring.client, monitoring.headers("admin")
    code = "export_turnover"  # rollup: sum
    for unit, value in (("954", 100.0), ("956", 25.5)):  # two former districts of Bạc Liêu
        body = {"period": "2023", "unit": unit, "value": value, "source": "district statistics"}
        assert client.post(f"/api/indicators/{code}/values", json=body, headers=headers).status_code == 201
    latest = _indicator(client, code)["latest"]
    assert latest["value"] == 125.5 and latest["method"] == "roll-up: sum" and "954" in latest["source"]
    province_only = "grdp_growth"
    body = {"period": "2023", "unit": "954", "value": 9.0, "source": "district statistics"}
    assert client.post(f"/api/indicators/{province_only}/values", json=body, headers=headers).status_code == 201
    assert _indicator(client, province_only)["latest"] is None


def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_import_is_a_dry_run_then_all_rows_or_none(monitoring):
    client, headers = monitoring.client, monitoring.headers("admin")
    good = [
        ["Chỉ tiêu", "Kỳ", "Đơn vị hành chính", "Giá trị", "Nguồn"],
        ["clean_water_urban", "2024", None, 96.5, "Sở NN&PTNT"],
        ["clean_water_rural", "2024", None, "78,2", "Sở NN&PTNT"],
    ]
    bad = [*good, ["clean_water_rural", "twenty", None, 1, "x"]]
    files = {"file": ("values.xlsx", _xlsx(bad))}
    refused = client.post("/api/indicators/values/import", files=files, params={"commit": "true"}, headers=headers)
    assert refused.status_code == 422 and refused.json()["refused"] == 1
    assert "period" in refused.json()["rows"][2]["refused"]
    assert _indicator(client, "clean_water_urban")["latest"] is None
    dry = client.post("/api/indicators/values/import", files={"file": ("v.xlsx", _xlsx(good))}, headers=headers)
    assert dry.status_code == 200 and [r["action"] for r in dry.json()["rows"]] == ["new", "new"]
    assert _indicator(client, "clean_water_urban")["latest"] is None
    done = client.post(
        "/api/indicators/values/import",
        files={"file": ("v.xlsx", _xlsx(good))},
        params={"commit": "true"},
        headers=headers,
    )
    assert done.status_code == 201
    assert _indicator(client, "clean_water_rural")["latest"]["value"] == 78.2


def test_an_evidence_file_is_kept_with_a_value_and_read_back_as_uploaded(monitoring):
    client = monitoring.client
    body = {"period": "2024", "value": 88.0, "source": "Sở Xây dựng"}
    value = client.post(
        "/api/indicators/urban_wastewater_treated_other/values", json=body, headers=monitoring.headers("admin")
    ).json()["id"]
    table = "Huyện,Tỷ lệ\nHòa Bình,88\n".encode()
    files = {"file": ("Bảng số liệu.csv", table, "text/csv")}
    refused = client.post(f"/api/indicators/values/{value}/evidence", files=files, headers=monitoring.headers("bl_sct"))
    assert refused.status_code == 403
    added = client.post(f"/api/indicators/values/{value}/evidence", files=files, headers=monitoring.headers("admin"))
    assert added.status_code == 201, added.text
    read = client.get(added.json()["url"])
    assert read.content == table and read.headers["content-type"].startswith("text/csv")
    history = client.get("/api/indicators/urban_wastewater_treated_other/values").json()["values"]
    assert [e["filename"] for e in history[0]["evidence_files"]] == ["Bảng số liệu.csv"]


def _enter(monitoring, code: str, who: str, **body):
    return monitoring.client.post(f"/api/indicators/{code}/values", json=body, headers=monitoring.headers(who))


def test_a_missing_or_blank_value_is_refused_naming_the_value(monitoring):
    for body in ({"period": "2022", "source": "survey"}, {"period": "2022", "value": None, "source": "survey"}):
        refused = _enter(monitoring, FOREST, "bl_snn", **body)
        assert refused.status_code == 422 and "value" in refused.text, refused.text
    assert not {v["period"] for v in monitoring.client.get(f"/api/indicators/{FOREST}/values").json()["values"]} & {
        "2022"
    }


def test_a_future_or_malformed_period_gets_a_period_message_before_the_permission_check(monitoring):
    next_year = str(vietnam_today().year + 1)
    for period in (next_year, "25", "1990"):
        refused = _enter(monitoring, FOREST, "bl_sct", period=period, value=1.4, source="survey")
        assert refused.status_code == 422, (period, refused.text)
        assert "period" in refused.text and f"2000 to {vietnam_today().year}" in refused.text
    in_vietnamese = monitoring.client.post(
        f"/api/indicators/{FOREST}/values",
        json={"period": next_year, "value": 1.4, "source": "survey"},
        headers=monitoring.headers("bl_sct") | {"Accept-Language": "vi"},
    )
    assert in_vietnamese.json()["detail"].startswith(f"Kỳ: {next_year} nằm ngoài khoảng nhận; hãy ghi một năm từ 2000")
    future = monitoring.client.post(
        "/api/submissions",
        json={"plan": "1099/QĐ-UBND", "action": "A9", "year": int(next_year), "results": "x"},
        headers=monitoring.headers("admin"),
    )
    assert future.status_code == 422 and "year" in future.text


def test_implausible_values_are_refused_naming_the_value_and_bounds(monitoring):
    share = _enter(monitoring, FOREST, "bl_snn", period="2021", value=120, source="survey")
    assert share.status_code == 422 and "value" in share.text and "from 0 to 100 %" in share.text, share.text
    asked_in_vietnamese = monitoring.client.post(
        f"/api/indicators/{FOREST}/values",
        json={"period": "2021", "value": 120, "source": "survey"},
        headers=monitoring.headers("bl_snn") | {"Accept-Language": "vi-VN,vi;q=0.9"},
    )
    assert asked_in_vietnamese.status_code == 422
    assert asked_in_vietnamese.json()["detail"].startswith("Giá trị: 120 % không hợp lý"), asked_in_vietnamese.text
    money = _enter(monitoring, "export_turnover", "admin", period="2021", value=-3, source="Cục Thống kê")
    assert money.status_code == 422 and "from 0 billion USD" in money.text, money.text
    assert _enter(monitoring, FOREST, "bl_snn", period="2021", value=0, source="survey").status_code == 201
    said = asked_in_vietnamese.json()["detail"]
    assert "cho chỉ tiêu “Tỷ lệ che phủ rừng" in said and FOREST not in said, said  # its name, not its code
    again = monitoring.client.post(
        f"/api/indicators/{FOREST}/values",
        json={"period": "2021", "value": 1, "source": "survey"},
        headers=monitoring.headers("bl_snn") | {"Accept-Language": "vi"},
    )
    said = again.json()["detail"]
    assert again.status_code == 409 and said.startswith("Chỉ tiêu “Tỷ lệ che phủ rừng") and FOREST not in said, said
    assert "(do Sở Nông nghiệp" in said and ", bl_snn nhập)" in said, said  # the agency, then its officer's login


def test_a_csv_row_that_is_not_a_number_says_so_whatever_its_period(monitoring):
    csv = 'indicator,period,value,source\nclean_water_rural,1990,abc,x\nclean_water_rural,2020,"1.234,5",x\n'
    checked = monitoring.client.post(
        "/api/indicators/values/import",
        files={"file": ("v.csv", csv.encode())},
        headers=monitoring.headers("admin"),
    ).json()
    assert "not a number" in checked["rows"][0]["refused"]
    assert "không phải một số" in checked["rows"][0]["refused_vi"]  # each row's refusal in both languages
    assert "from 0 to 100" in checked["rows"][1]["refused"]  # 1234.5 %: read as a number, then out of bounds


def test_a_merged_agencys_refusal_names_the_agency_that_enters_the_year(monitoring):
    refused = _enter(monitoring, FOREST, "bl_snn", period="2025", value=1.5, source="survey")
    assert refused.status_code == 403 and "31/12/2025" in refused.text
    assert "SNNMT)" in refused.text, refused.text


def test_refusals_of_accounts_and_unknown_records_come_in_the_language_asked(monitoring):
    """The pages ask in Vietnamese (Accept-Language: vi); API clients that do not get English."""
    vi = monitoring.headers("admin") | {"Accept-Language": "vi"}
    en = monitoring.headers("admin")
    asked = {
        "role": ("post", "/api/accounts", {"username": "lang_probe", "role": "chief"}),
        "indicator": ("post", "/api/indicators/khong_co/values", {"period": "2021", "value": 1, "source": "x"}),
        "submission": ("post", "/api/submissions/999999/submit", None),
    }
    said = {
        "role": ("vai trò 'chief' không có", "unknown role 'chief'"),
        "indicator": ("Không có chỉ tiêu 'khong_co'", "No indicator 'khong_co'"),
        "submission": ("không có báo cáo nộp nào số 999999", "no submission with id 999999"),
    }
    for name, (method, url, body) in asked.items():
        in_vietnamese = monitoring.client.request(method, url, json=body, headers=vi)
        in_english = monitoring.client.request(method, url, json=body, headers=en)
        assert in_vietnamese.status_code == in_english.status_code >= 400, (name, in_vietnamese.text)
        assert in_vietnamese.json()["detail"].startswith(said[name][0]), in_vietnamese.text
        assert in_english.json()["detail"].startswith(said[name][1]), in_english.text


def test_a_value_keeps_the_agency_it_was_entered_for_when_the_account_moves(monitoring):
    """Trial s73's reports, for values: an officer of BL.SNNPTNT entered 2024's value; the administrator then moved
    the account to the department holding its duties today (CM.SNNMT), and the value named CM.SNNMT as the agency that
    entered it (the list, the yearly report, a refusal naming it), read from the account as it is today. Each value
    keeps the agency its account belonged to when it was entered."""
    code = "districts_advanced_new_rural"
    before, after = "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bạc Liêu", "Sở Nông nghiệp và Môi trường tỉnh Cà Mau"
    engine = create_engine(monitoring.url)
    with Session(engine) as session, session.begin():
        token, _ = create_token(session, create_account(session, "tuan.ly", role="editor", agency_code="BL.SNNPTNT"))
    headers = {"Authorization": f"Bearer {token}"}
    entered = monitoring.client.post(
        f"/api/indicators/{code}/values", json={"period": "2024", "value": 40, "source": "survey"}, headers=headers
    )
    assert entered.status_code == 201, entered.text
    with Session(engine) as session, session.begin():  # georeg account update tuan.ly --agency CM.SNNMT
        account, moved = update_account(session, "tuan.ly", {"agency": "CM.SNNMT"})
        record(session, actor="cli", action="update", entity="account", entity_id=account.id, changes=moved)
    engine.dispose()
    later = monitoring.client.post(
        f"/api/indicators/{code}/values", json={"period": "2025", "value": 60, "source": "survey"}, headers=headers
    )
    assert later.status_code == 201, later.text

    observed = _indicator(monitoring.client, code)["observed"]
    assert [(v["period"], v["entered_by_agency"]) for v in observed] == [("2024", before), ("2025", after)]
    again = monitoring.client.post(
        f"/api/indicators/{code}/values",
        json={"period": "2024", "value": 45, "source": "survey"},
        headers=monitoring.headers("admin") | {"Accept-Language": "vi"},
    )
    assert again.status_code == 409 and f"(do {before}, tuan.ly nhập)" in again.text, again.text
