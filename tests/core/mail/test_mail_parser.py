"""The e-mail parser on every real file we have, hand-made edge cases, and arbitrary bytes."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpfirst.core.mail import MailFile, MailFormatError, parse_message, read_mail_file

REPO_ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def email_dir() -> Path:
    base = Path(os.environ.get("HELPFIRST_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
    folder = base / "real-formats" / "email"
    if not folder.is_dir():
        pytest.skip(f"real e-mail files not found at {folder} (set HELPFIRST_SHARED_DATA)")
    return folder


def real_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix != ".md")


def test_every_real_file_parses(email_dir):
    files = real_files(email_dir)
    assert len(files) >= 30
    count = 0
    for path in files:
        for item in read_mail_file(path):
            assert item.error is None, f"{path.name}: {item.error}"
            message = item.message
            assert message.message_id
            assert message.sender is not None, path.name
            assert "@" in message.sender.email
            assert message.date is None or message.date.tzinfo is not None
            count += 1
    assert count >= 40


def by_name(email_dir: Path, name: str):
    return read_mail_file(email_dir / name)


def test_encoded_headers_and_charsets(email_dir):
    bilingual = by_name(email_dir, "mailgun__bilingual-simple.eml")[0].message
    assert bilingual.subject == "Simple text. How are you? Как ты поживаешь?"
    encoded_from = by_name(email_dir, "mailgun__encoded-header.eml")[0].message
    assert encoded_from.sender.name == "Foo, Bar"
    assert encoded_from.sender.email == "foo.bar@example.com"
    # raw ISO-8859-1 byte in a display name, and inside an encoded word
    assert by_name(email_dir, "mailgun__from-encoding.eml")[0].message.sender.name.startswith(
        "Ingo L"
    )
    assert by_name(email_dir, "zbateson__m2004.txt")[0].message.subject == (
        "Die Hasen und die Frösche"
    )
    assert "Frösche" in by_name(email_dir, "zbateson__m0006.txt")[0].message.subject  # utf-7
    shift_jis = by_name(email_dir, "mikel__japanese_shift_jis.eml")[0].message
    assert "あいうえお" in shift_jis.body_text
    assert by_name(email_dir, "mikel__ks_c_5601-1987.eml")[0].message.body_text
    unknown = by_name(email_dir, "mikel__raw_email10.eml")[0].message  # charset=X-UNKNOWN
    assert unknown.body_text.startswith("Test test.")
    spam = by_name(email_dir, "mailgun__spam-broken-headers.eml")[0].message
    assert spam.subject.endswith("Exchange…")


def test_multipart_quirks(email_dir):
    missing = by_name(email_dir, "mailgun__missing-final-boundary.eml")[0].message
    assert missing.body_text == "Some body"
    assert "CloseBoundaryNotFoundDefect" in missing.defects
    assert missing.message_id_synthesised  # it has no Message-ID
    again = by_name(email_dir, "mailgun__missing-final-boundary.eml")[0].message
    assert again.message_id == missing.message_id  # stable across reads
    html_alt = by_name(email_dir, "zbateson__m0014.txt")[0].message
    assert html_alt.body_format == "plain"
    assert by_name(email_dir, "mailgun__iphone.eml")[0].message.attachment_count >= 1


def test_mbox_files(email_dir):
    with MailFile(email_dir / "chaoss__pipermail_2015_november.mbox") as mbox:
        assert mbox.format == "mbox"
        assert mbox.count == 4
        items = list(mbox)
    assert [i.number for i in items] == [1, 2, 3, 4]
    assert items[0].message.sender.email == "andy@example.com"  # "andy at example.com"
    # (the archive anonymised addresses in headers, not in In-Reply-To)
    assert items[1].message.in_reply_to[0].startswith(items[0].message.message_id[:40])
    # non-ASCII bytes in the From_ separator line
    for name in ("chaoss__mbox_iso8859_encoding.mbox", "chaoss__mbox_unixfrom_encoding.mbox"):
        assert [i.error for i in read_mail_file(email_dir / name)] == [None]


def test_dates_are_utc():
    message = parse_message(
        b"From: a@example.com\r\nDate: Tue, 3 Mar 2026 10:00:00 +0200\r\nSubject: x\r\n\r\nhi"
    )
    assert message.date == datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    assert parse_message(b"From: a@example.com\nDate: not a date\n\nhi").date is None


def test_html_only_body_becomes_text():
    raw = (
        b"From: a@example.com\nMessage-ID: <x@y>\nContent-Type: text/html; charset=utf-8\n\n"
        b"<html><head><style>p{}</style></head><body><p>Hello&nbsp;Ann,</p>"
        b"<p>See <b>pricing</b></p><script>x()</script></body></html>"
    )
    message = parse_message(raw)
    assert message.body_format == "html"
    assert message.body_text == "Hello Ann,\n\nSee pricing"
    assert message.message_id == "x@y"


def test_threading_headers_and_addresses():
    raw = (
        b"From: Rep <REP@Seller.Example>\nTo: ann@alpha.example, Bob <bob@beta.example>\n"
        b"Cc: undisclosed-recipients:;\nBcc: drop-123@in.helpfirst.example\n"
        b"In-Reply-To: <a@x>\nReferences: <root@x> <a@x>\nSubject: Re: hi\n\nbody"
    )
    message = parse_message(raw)
    assert message.sender.email == "rep@seller.example"
    assert [a.email for a in message.to] == ["ann@alpha.example", "bob@beta.example"]
    assert message.cc == ()
    assert message.bcc[0].email == "drop-123@in.helpfirst.example"
    assert message.thread_ids == ("a@x", "root@x")


@pytest.mark.parametrize(
    "raw",
    [b"", b"   \n\n", b"just some text\nwithout headers\n", b"\x00\x01\x02", b"X-Foo: bar\n\nhi"],
)
def test_not_an_email_is_a_mail_format_error(raw):
    with pytest.raises(MailFormatError) as caught:
        parse_message(raw, file="inbox.mbox", message_number=3)
    assert "inbox.mbox, message 3" in str(caught.value)
    assert caught.value.as_dict()["code"] == "mail_format"
    assert caught.value.as_dict()["detail"] == {"message_number": 3}


def test_bad_file_names_the_file_and_message(tmp_path):
    with pytest.raises(MailFormatError, match="not found"):
        MailFile(tmp_path / "missing.eml")
    (tmp_path / "empty.eml").write_bytes(b"")
    with pytest.raises(MailFormatError, match="empty"):
        MailFile(tmp_path / "empty.eml")
    mbox = tmp_path / "two.mbox"
    mbox.write_bytes(
        b"From a@example.com Mon Jan  1 00:00:00 2026\nFrom: a@example.com\nSubject: one\n\n1\n\n"
        b"From b@example.com Mon Jan  1 00:00:00 2026\nnot a header line at all\n\n"
    )
    items = read_mail_file(mbox)
    assert items[0].message.subject == "one"
    assert items[1].error is not None
    assert str(items[1].error).startswith(f"{mbox}, message 2:")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_fuzz_arbitrary_bytes(raw):
    try:
        message = parse_message(raw)
    except MailFormatError:
        return
    assert message.message_id
    assert isinstance(message.body_text, str)


HEADER_LINES = st.sampled_from(
    [
        b"From: ",
        b"To: ",
        b"Cc: ",
        b"Subject: ",
        b"Date: ",
        b"Message-ID: ",
        b"References: ",
        b"Content-Type: multipart/mixed; boundary=",
        b"Content-Type: text/plain; charset=",
        b"Content-Transfer-Encoding: ",
        b" ",
        b"--",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(HEADER_LINES, st.binary(max_size=60)), min_size=1, max_size=12).map(
        lambda pairs: b"\r\n".join(k + v for k, v in pairs)
    ),
    st.binary(max_size=400),
)
def test_fuzz_mail_shaped_bytes(headers, body):
    try:
        message = parse_message(headers + b"\r\n\r\n" + body)
    except MailFormatError:
        return
    assert message.sender is None or "@" in message.sender.email


@settings(max_examples=60, deadline=None)
@given(st.lists(st.binary(max_size=300), max_size=4))
def test_fuzz_mbox_files(chunks):
    import tempfile

    body = b"".join(b"From x@example.com Mon Jan  1 00:00:00 2026\n" + c + b"\n" for c in chunks)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.mbox"
        path.write_bytes(body)
        try:
            items = read_mail_file(path)
        except MailFormatError:
            return
        for item in items:
            assert (item.message is None) != (item.error is None)
