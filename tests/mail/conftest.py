"""Fixtures for e-mail capture: a real Dovecot IMAP server, message builders, free ports."""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from tests.api.conftest import api_as  # noqa: F401 - the API tests' token client
from tests.conftest import skip_or_fail

DOVECOT = "/usr/sbin/dovecot"
IMAP_USER, IMAP_PASSWORD = "sales", "imap-test-password"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_mail(
    sender: str,
    to: str,
    subject: str = "Forecasting",
    *,
    message_id: str | None = None,
    in_reply_to: str | None = None,
    body: str = "Hello, here is the case study we talked about.",
    date=None,
) -> bytes:
    """An RFC 5322 message as bytes."""
    from datetime import UTC, datetime

    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date or datetime(2026, 11, 2, 9, 30, tzinfo=UTC))
    msg["Message-ID"] = f"<{message_id or uuid.uuid4().hex}@mail.test>"
    if in_reply_to:
        msg["In-Reply-To"] = f"<{in_reply_to}>"
        msg["References"] = f"<{in_reply_to}>"
    msg.set_content(body)
    return msg.as_bytes()


_CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:{root}/mail/%u
first_valid_uid = 1
default_login_user = {login_user}
default_internal_user = {internal_user}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user} gid={mail_group} home={root}/mail/%u
}}
"""


class Dovecot:
    """A running Dovecot on 127.0.0.1 with one mailbox user."""

    def __init__(self, root: Path, port: int):
        self.root, self.port = root, port
        self.host, self.user, self.password = "127.0.0.1", IMAP_USER, IMAP_PASSWORD

    def connect(self) -> imaplib.IMAP4:
        conn = imaplib.IMAP4(self.host, self.port, timeout=10)
        conn.login(self.user, self.password)
        return conn

    def new_folder(self) -> str:
        name = f"Sales-{uuid.uuid4().hex[:8]}"
        conn = self.connect()
        try:
            assert conn.create(name)[0] == "OK"
        finally:
            conn.logout()
        return name

    def deliver(self, folder: str, *messages: bytes) -> None:
        conn = self.connect()
        try:
            for raw in messages:
                typ, data = conn.append(folder, None, None, raw)
                assert typ == "OK", data
        finally:
            conn.logout()

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""


@pytest.fixture(scope="session")
def dovecot():
    """Start Debian's Dovecot with a throw-away config; stop it at the end of the session."""
    if not os.path.exists(DOVECOT):
        skip_or_fail("dovecot is not installed (apt-get install -y dovecot-imapd)")
    root = Path(tempfile.mkdtemp(prefix="helpfirst-dovecot-"))
    root.chmod(0o755)  # Dovecot's unprivileged processes must reach the folder
    (root / "mail").mkdir()
    (root / "mail").chmod(0o777)
    (root / "passwd").write_text(f"{IMAP_USER}:{{PLAIN}}{IMAP_PASSWORD}::::::\n")
    me = pwd.getpwuid(os.geteuid()).pw_name
    if os.geteuid() == 0:
        mail_user, mail_group = "nobody", "nogroup"
        login_user, internal_user = "dovenull", "dovecot"
    else:
        mail_user = login_user = internal_user = me
        mail_group = str(os.getegid())
    port = free_port()
    config = root / "dovecot.conf"
    config.write_text(
        _CONFIG.format(
            root=root,
            port=port,
            mail_user=mail_user,
            mail_group=mail_group,
            login_user=login_user,
            internal_user=internal_user,
        )
    )
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(config)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    server = Dovecot(root, port)
    deadline = time.monotonic() + 15
    while True:
        try:
            server.connect().logout()
            break
        except (OSError, imaplib.IMAP4.error) as exc:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                log = server.log()
                shutil.rmtree(root, ignore_errors=True)
                skip_or_fail(f"dovecot did not start ({exc}): {output} {log}")
            time.sleep(0.1)
    yield server
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    shutil.rmtree(root, ignore_errors=True)
