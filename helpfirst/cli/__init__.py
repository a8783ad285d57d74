"""The ``helpfirst`` command line (Typer + Rich).

Every command that touches the database starts Django lazily; pure analyses (``calls``,
``fit check``, ``score evaluate``) never load it.
"""

from __future__ import annotations

import typer

from helpfirst.cli import tokens, workspace

app = typer.Typer(
    name="helpfirst",
    help="helpfirst: a buyer-first sales workbench. Always Be Helping.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

workspace.register(app)
app.add_typer(tokens.app, name="token", help="Create, list and revoke API tokens.")


def _register_optional_groups() -> None:
    """Attach the command groups of each domain."""
    from helpfirst.cli import batch, brief, calls, fit, score, transfer

    score.app.command("batch", help=batch.batch.__doc__)(batch.batch)

    app.add_typer(calls.app, name="calls", help="Analyse and transcribe sales calls.")
    from helpfirst.cli.fit_journeys import fit_journey, fit_review

    fit.app.command("journey")(fit_journey)
    fit.app.command("review")(fit_review)
    app.add_typer(fit.app, name="fit", help="Judge whether we can really help a buyer.")
    app.add_typer(brief.app, name="brief", help="One screen to read before a call.")
    app.add_typer(score.app, name="score", help="Learned conversion scoring and its evaluation.")
    app.add_typer(transfer.import_app, name="import", help="Import CSV/JSONL files.")
    app.add_typer(transfer.export_app, name="export", help="Export CSV/JSONL files.")
    app.add_typer(transfer.playbook_app, name="playbook", help="Load or dump the playbook YAML.")

    from helpfirst.cli import audit, calendars, crm, mail, operations, privacy, queue, tracking

    app.add_typer(tracking.app, name="tracking", help=tracking.__doc__.split(": ", 1)[1])
    app.add_typer(mail.app, name="mail", help=mail.__doc__.split(": ", 1)[1])
    app.add_typer(calendars.app, name="calendar", help=calendars.__doc__.split(": ", 1)[1])
    app.add_typer(crm.app, name="crm", help=crm.__doc__.split(": ", 1)[1])
    app.add_typer(privacy.app, name="privacy", help=privacy.__doc__.split(": ", 1)[1])
    app.add_typer(audit.app, name="audit", help=audit.__doc__.split(": ", 1)[1])
    app.add_typer(queue.app, name="queue", help=queue.__doc__.split(": ", 1)[1])
    operations.register(app)


_register_optional_groups()


def main() -> None:
    """Run the CLI."""
    app()
