"""The readers: encodings, delimiters, quoted newlines, locations, and no surprises on junk."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpfirst.core.errors import ImportFileError
from helpfirst.imports.columns import detect_origin, map_columns
from helpfirst.imports.reading import TableReader
from helpfirst.imports.stages import map_stage, parse_stage_map

TEXT = (
    "name;domain;notes\nMüller Großhandel;mueller.example;\"first line\nsecond; line\"\n"
    "Café Zoë;zoe.example;ok\n"
)


@pytest.mark.parametrize(
    ("encoding", "prefix", "expected"),
    [("utf-8", b"", "utf-8"), ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"), ("cp1252", b"", "cp1252")],
)
def test_encodings_are_detected_and_named(encoding, prefix, expected):
    data = prefix + TEXT.encode(encoding)
    with TableReader(data, name="accounts.csv") as reader:
        records = list(reader)
    assert reader.table.encoding == expected
    assert reader.table.header == ["name", "domain", "notes"]
    assert records[0].values["name"] == "Müller Großhandel"
    assert records[1].values["name"] == "Café Zoë"


@pytest.mark.parametrize(("delimiter", "name"), [(",", "comma"), (";", "semicolon"),
                                                 ("\t", "tab"), ("|", "pipe")])
def test_delimiters_are_sniffed(delimiter, name):
    data = delimiter.join(["name", "domain", "industry"]) + "\n"
    data += delimiter.join(["Acme", "acme.example", "Retail, online"]) .replace(
        "Retail, online", '"Retail, online"'
    ) + "\n"
    with TableReader(data.encode(), name="a.csv") as reader:
        rows = list(reader)
    assert reader.table.delimiter_name == name
    expected = {"name": "Acme", "domain": "acme.example", "industry": "Retail, online"}
    assert rows[0].values == expected


def test_quoted_newlines_keep_rows_and_lines_apart():
    with TableReader(TEXT.encode(), name="a.csv") as reader:
        records = list(reader)
    assert [r.row for r in records] == [1, 2]
    assert [r.line for r in records] == [2, 4]  # the first record spans lines 2-3
    assert records[0].values["notes"] == "first line\nsecond; line"


def test_row_with_too_many_fields_is_a_row_problem_not_a_file_problem():
    data = b"name,domain\nAcme,acme.example,extra\nBeta,beta.example\n"
    with TableReader(data, name="a.csv") as reader:
        records = list(reader)
    assert "3 fields" in records[0].error
    assert not records[1].error


def test_undecodable_file_names_the_line():
    data = b"name\nok\nbad \x81\x8d\x8f\x90\x9d here\n"
    with pytest.raises(ImportFileError) as caught:
        TableReader(data, name="a.csv")
    assert caught.value.location.line == 3
    assert "UTF-8" in caught.value.message


@pytest.mark.parametrize("data", [b"", b"\n\n  \n", b"a,,b\n1,2,3\n", b"a,a\n1,2\n"])
def test_bad_headers_raise_import_file_error(data):
    with pytest.raises(ImportFileError):
        TableReader(data, name="a.csv")


def test_jsonl_bad_lines_are_row_problems():
    data = b'{"name": "Acme"}\n\nnot json\n[1, 2]\n{"name": "Beta", "domain": "b.example"}\n'
    with TableReader(data, name="a.jsonl") as reader:
        records = list(reader)
    assert [r.line for r in records] == [1, 3, 4, 5]
    assert [bool(r.error) for r in records] == [False, True, True, False]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400), name=st.sampled_from(["f.csv", "f.jsonl"]))
def test_readers_raise_only_import_file_error_on_arbitrary_bytes(data, name):
    located = ""
    try:
        with TableReader(data, name=name) as reader:
            for record in reader:
                assert isinstance(record.values, dict)
    except ImportFileError as exc:
        located = exc.location.file or ""
        assert located == name


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.lists(st.text(max_size=12), min_size=3, max_size=3), max_size=8))
def test_csv_round_trips_any_text_through_the_reader(rows):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["a", "b", "c"])
    writer.writerows(rows)
    with TableReader(buffer.getvalue().encode("utf-8"), name="f.csv") as reader:
        got = [[r.values["a"], r.values["b"], r.values["c"]] for r in reader]
    # rows of empty fields may vanish (a lone "" is a blank line); every other row comes back
    assert [g for g in got if any(g)] == [r for r in rows if any(r)]


def test_hubspot_and_salesforce_headers_are_recognised():
    hubspot = ["Record ID", "Company name", "Company Domain Name", "Number of Employees",
               "Industry", "Country/Region"]
    mapping = map_columns("accounts", hubspot)
    assert mapping.origin == "hubspot"
    assert mapping.columns == {
        "external_id": "Record ID", "name": "Company name", "domain": "Company Domain Name",
        "employees": "Number of Employees", "industry": "Industry", "region": "Country/Region",
    }
    deals = map_columns("journeys", ["Record ID", "Deal Name", "Deal Stage", "Amount",
                                     "Close Date", "Associated Company"])
    assert deals.columns["buying_stage"] == "Deal Stage"
    assert deals.columns["account_name"] == "Associated Company"
    contacts = map_columns("contacts", ["Record ID", "First Name", "Last Name", "Email"])
    assert contacts.columns["first_name"] == "First Name"
    assert detect_origin(["ID", "ISDELETED", "NAME"]) == "salesforce"
    assert detect_origin(["name", "domain"]) == "helpfirst"


@pytest.mark.parametrize(
    ("label", "stage"),
    [("Prospecting", "exploring_problem"), ("Id. Decision Makers", "evaluating"),
     ("Proposal/Price Quote", "deciding"), ("Closed Won", "implementing"),
     ("Closed Lost", "no_decision"), ("appointmentscheduled", "exploring_problem"),
     ("Contract Sent", "deciding"), ("Exploring the problem", "exploring_problem"),
     ("realising_value", "realising_value"), ("Made-up stage", None)],
)
def test_crm_stages_map_to_buying_stages(label, stage):
    assert map_stage(label) == stage


def test_closed_flags_and_stage_map_decide_unknown_stages():
    assert map_stage("Custom Won", is_closed=True, is_won=True) == "implementing"
    assert map_stage("Custom Lost", is_closed=True, is_won=False) == "no_decision"
    extra = parse_stage_map(["Pilot running=evaluating"])
    assert map_stage("Pilot Running", extra=extra) == "evaluating"
    with pytest.raises(ValueError, match="Pilot"):
        parse_stage_map(["Pilot=nowhere"])
