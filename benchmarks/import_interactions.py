"""Time ``helpfirst import interactions`` against a bare insert of the same rows.

Generates N interaction rows (seeded) into a CSV whose accounts already exist, then times:

(a) ``helpfirst import interactions FILE`` (the real command, in a subprocess, end to end:
    reading, decoding, validating, resolving accounts, writing in one transaction);
(b) the bare reference: the same rows, already as Python tuples with account ids resolved,
    written with one ``executemany`` (SQLite) or one ``COPY`` (PostgreSQL) into the same table.

Each run starts from the same freshly migrated database (SQLite: a copy of one file;
PostgreSQL: ``TRUNCATE``). Prints rows/s and the ratio (a)/(b); the target is at least 0.5.

    .venv/bin/python benchmarks/import_interactions.py --rows 1000000
    .venv/bin/python benchmarks/import_interactions.py --database-url postgres://u@127.0.0.1:55432/db
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
KINDS = ["page_view"] * 6 + [
    "email_opened",
    "email_replied",
    "link_clicked",
    "content_download",
    "meeting",
    "call",
    "webinar",
    "product_usage",
]
PAGES = ["pricing", "docs", "case_study", "blog", "careers", "product", "home"]
COLUMNS = (
    "team_id",
    "account_id",
    "contact_id",
    "journey_id",
    "kind",
    "occurred_at",
    "page_type",
    "url",
    "subject",
    "source",
    "external_id",
    "properties",
    "created_at",
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default="", help="postgres://... (default: SQLite)")
    parser.add_argument("--work-dir", default="/tmp/helpfirst-bench-import")  # noqa: S108
    parser.add_argument(
        "--data-dir",
        default=str(REPO_ROOT.parent / "shared" / "data"),
        help="unused: the rows are generated",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    return parser.parse_args()


def setup_django(home: Path, database_url: str) -> None:
    os.environ["HELPFIRST_HOME"] = str(home)
    os.environ["DJANGO_SETTINGS_MODULE"] = "helpfirst.site.settings"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(REPO_ROOT))
    import django

    django.setup()


def prepare_database(n_accounts: int) -> tuple[int, list[tuple[int, str]]]:
    """Migrate, create a team, an admin and accounts; return (team id, [(account id, domain)])."""
    from django.core.management import call_command
    from django.db import connection

    from helpfirst.accounts.models import Account
    from helpfirst.interactions.models import Interaction
    from helpfirst.team.models import Role, Team, User

    call_command("migrate", verbosity=0, interactive=False)
    Interaction.objects.all().delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE interactions_interaction CASCADE")
    team, _ = Team.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    if not User.objects.filter(username="bench-admin").exists():
        User.objects.create_user("bench-admin", team=team, role=Role.ADMIN)
    if Account.objects.filter(team=team).count() != n_accounts:
        Account.objects.filter(team=team).delete()
        Account.objects.bulk_create(
            [
                Account(team=team, name=f"Account {i}", domain=f"account{i}.example")
                for i in range(n_accounts)
            ],
            batch_size=1000,
        )
    accounts = list(Account.objects.filter(team=team).order_by("pk").values_list("pk", "domain"))
    return team.pk, accounts


def generate_csv(path: Path, rows: int, domains: list[str], seed: int) -> None:
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "source",
                "external_id",
                "kind",
                "occurred_at",
                "account_domain",
                "page_type",
                "url",
                "subject",
                "properties",
            ]
        )
        for i in range(rows):
            kind = rng.choice(KINDS)
            page = rng.choice(PAGES) if kind == "page_view" else ""
            moment = start + timedelta(seconds=rng.randrange(180 * 86400))
            writer.writerow(
                [
                    "web",
                    f"evt-{i:08d}",
                    kind,
                    moment.isoformat(),
                    rng.choice(domains),
                    page,
                    f"https://seller.example/{page}" if page else "",
                    "" if page else f"Touch {i % 97}",
                    '{"campaign": "spring"}' if i % 10 == 0 else "",
                ]
            )


def bare_rows(path: Path, team_id: int, account_by_domain: dict[str, int]) -> list[tuple]:
    """Return the CSV's rows as final tuples (the bare reference does no validation)."""
    created = datetime.now(UTC)
    out = []
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for source, ext, kind, occurred, domain, page, url, subject, props in reader:
            out.append(
                (
                    team_id,
                    account_by_domain[domain],
                    None,
                    None,
                    kind,
                    datetime.fromisoformat(occurred),
                    page,
                    url,
                    subject,
                    source,
                    ext,
                    props or "{}",
                    created,
                )
            )
    return out


# Runs the real command; while the CLI package cannot be imported (other command groups still
# missing), falls back to the same service call the command makes, and says so.
RUNNER = """
import sys
sys.argv[0] = "helpfirst import"
from helpfirst.cli.transfer import import_app
import_app()
"""
FALLBACK = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpfirst.site.settings")
import django
django.setup()
from helpfirst.imports import import_file
from helpfirst.team.models import Team, User
team = Team.objects.get(slug="bench")
user = User.objects.get(username="bench-admin")
report = import_file("interactions", sys.argv[1], team=team, user=user)
print(json.dumps(report.as_dict(), default=str))
"""


def time_import(csv_path: Path, env: dict[str, str]) -> tuple[float, dict]:
    probe = subprocess.run(
        [sys.executable, "-c", "import helpfirst.cli.transfer"],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
    )
    if probe.returncode == 0:
        command = [sys.executable, "-c", RUNNER, "interactions", str(csv_path), "--format", "json"]
        runner = "helpfirst import interactions (CLI)"
    else:
        command = [sys.executable, "-c", FALLBACK, str(csv_path)]
        runner = "helpfirst.imports.import_file (CLI package not importable yet)"
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=REPO_ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"import failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    report = json.loads(done.stdout)
    report["runner"] = runner
    return elapsed, report


def time_bare_sqlite(db_path: Path, rows: list[tuple]) -> float:
    text_rows = [
        (
            *r[:5],
            r[5].astimezone(UTC).replace(tzinfo=None).isoformat(" "),
            *r[6:12],
            r[12].replace(tzinfo=None).isoformat(" "),
        )
        for r in rows
    ]
    connection = sqlite3.connect(db_path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA foreign_keys=ON")
    names, marks = ", ".join(COLUMNS), ", ".join("?" for _ in COLUMNS)
    sql = f"INSERT INTO interactions_interaction ({names}) VALUES ({marks})"  # noqa: S608
    started = time.perf_counter()
    connection.execute("BEGIN")
    connection.executemany(sql, text_rows)
    connection.execute("COMMIT")
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def time_bare_postgres(rows: list[tuple]) -> float:
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE interactions_interaction CASCADE")
    started = time.perf_counter()
    with transaction.atomic():
        raw = connection.connection
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY interactions_interaction ({', '.join(COLUMNS)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
    return time.perf_counter() - started


def main() -> None:
    args = parse_args()
    work = Path(args.work_dir)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    home = work / "home"
    home.mkdir()
    setup_django(home, args.database_url)
    from django.db import connection

    team_id, accounts = prepare_database(args.accounts)
    csv_path = work / "interactions.csv"
    started = time.perf_counter()
    generate_csv(csv_path, args.rows, [d for _, d in accounts], args.seed)
    generated = time.perf_counter() - started
    rows = bare_rows(csv_path, team_id, {d: pk for pk, d in accounts})
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    vendor = connection.vendor
    if vendor == "sqlite":
        fresh = home / "helpfirst.sqlite3"
        connection.close()
        template = work / "template.sqlite3"
        shutil.copy(fresh, template)
        bare_db = work / "bare.sqlite3"
        shutil.copy(template, bare_db)
        bare_s = time_bare_sqlite(bare_db, rows)
        shutil.copy(template, fresh)
        import_s, report = time_import(csv_path, env)
        reference = "executemany (sqlite3, one transaction, same table and indexes)"
    else:
        bare_s = time_bare_postgres(rows)
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE interactions_interaction CASCADE")
        connection.close()
        import_s, report = time_import(csv_path, env)
        reference = "COPY (psycopg 3, one transaction, same table and indexes)"
    assert report["created"] == args.rows, report
    figures = {
        "database": vendor,
        "rows": args.rows,
        "accounts": args.accounts,
        "csv_mb": round(csv_path.stat().st_size / 1e6, 1),
        "generate_s": round(generated, 2),
        "import_s": round(import_s, 2),
        "import_rows_per_s": round(args.rows / import_s),
        "bare_s": round(bare_s, 2),
        "bare_rows_per_s": round(args.rows / bare_s),
        "ratio": round(bare_s / import_s, 3),
        "target_ratio": 0.5,
        "reference": reference,
        "runner": report["runner"],
    }
    if args.format == "json":
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:>18}: {value}")


if __name__ == "__main__":
    main()
