"""``helpfirst calls``: analyse sales-call transcripts and transcribe call audio locally.

Exit status: 0 analysed; 1 a transcript could not be read (or audio support is missing);
2 seller and buyer sides could not be told apart (the message lists the speakers found).
"""

from __future__ import annotations

import csv
import io
import json
import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from helpfirst.core.conversation import INPUT_FORMATS, CallAnalysis, analyse_call, parse_transcript
from helpfirst.core.conversation.scorecard import clock, span
from helpfirst.core.errors import HelpfirstError, SpeakerSidesError, TranscriptFormatError

ROSTER_ENV = "HELPFIRST_TEAM_ROSTER"
TRANSCRIPT_SUFFIXES = (".vtt", ".srt", ".json", ".txt", ".text", ".transcript")
SUMMARY_COLUMNS = (
    "file",
    "status",
    "duration_s",
    "timing",
    "talk_ratio",
    "seller_question_count",
    "seller_open_question_count",
    "longest_monologue_s",
    "longest_customer_story_s",
    "pressure_tactic_count",
    "next_step_agreed",
    "discovery_covered",
    "helping_score",
    "error",
)

app = typer.Typer(
    help="Analyse sales calls and coach toward helping, not pushing.", no_args_is_help=True
)


class OutputFormat(StrEnum):
    """Say how results are printed: a readable scorecard or JSON for other tools."""

    text = "text"
    json = "json"


def seller_names_from(option: list[str] | None) -> list[str]:
    """Return --seller names, or the team roster from ``HELPFIRST_TEAM_ROSTER`` (comma list)."""
    if option:
        return [name for name in option if name.strip()]
    roster = os.environ.get(ROSTER_ENV, "")
    return [name.strip() for name in roster.split(",") if name.strip()]


@app.command()
def analyze(
    path: Annotated[Path, typer.Argument(help="A transcript file, or a folder of them.")],
    seller: Annotated[
        list[str] | None,
        typer.Option(
            "--seller",
            help="A seller-side speaker name (repeatable, case-insensitive). Default: the "
            f"team roster in ${ROSTER_ENV}.",
        ),
    ] = None,
    input_format: Annotated[
        str | None,
        typer.Option(help=f"Force the transcript format: {', '.join(INPUT_FORMATS)}."),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text (a scorecard) or json.")
    ] = OutputFormat.text,
    summary: Annotated[
        Path | None,
        typer.Option(help="Folder mode: also write the summary table to this .csv or .json."),
    ] = None,
) -> None:
    """Analyse a call transcript (or every transcript in a folder) for helping vs pushing."""
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise typer.BadParameter(
            f"use one of {', '.join(INPUT_FORMATS)}", param_hint="--input-format"
        )
    sellers = seller_names_from(seller)
    if path.is_dir():
        raise typer.Exit(_analyse_folder(path, sellers, input_format, output_format, summary))
    if not path.is_file():
        _fail(f"{path}: no such file or folder", 1)
    try:
        analysis = _analyse_file(path, sellers, input_format)
    except SpeakerSidesError as exc:
        _fail(f"{path.name}: {exc.message}", 2)
    except TranscriptFormatError as exc:
        _fail(str(exc), 1)
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(analysis.as_dict(), ensure_ascii=False, indent=2))
    else:
        render_scorecard(analysis, path.name, Console())


def _analyse_file(path: Path, sellers: list[str], input_format: str | None) -> CallAnalysis:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TranscriptFormatError(
            f"cannot read the file ({exc.strerror})", file=path.name
        ) from exc
    transcript = parse_transcript(data, input_format=input_format, filename=path.name)
    return analyse_call(transcript, sellers)


def _fail(message: str, code: int) -> None:
    Console(stderr=True).print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def _analyse_folder(
    folder: Path,
    sellers: list[str],
    input_format: str | None,
    output_format: OutputFormat,
    summary: Path | None,
) -> int:
    files = sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and p.suffix.lower() in TRANSCRIPT_SUFFIXES
        and not p.name.endswith(".labels.json")
    )
    rows: list[dict[str, Any]] = []
    worst = 0
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with progress:
        task = progress.add_task("Analysing calls", total=len(files))
        for file in files:
            try:
                rows.append(summary_row(file.name, _analyse_file(file, sellers, input_format)))
            except HelpfirstError as exc:
                worst = max(worst, 2 if isinstance(exc, SpeakerSidesError) else 1)
                rows.append(
                    {
                        **dict.fromkeys(SUMMARY_COLUMNS, ""),
                        "file": file.name,
                        "status": "error",
                        "error": exc.message,
                    }
                )
            progress.advance(task)
    if summary is not None:
        summary.write_text(_summary_text(rows, summary.suffix.lower()), encoding="utf-8")
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        _render_summary(rows, folder, Console())
    return worst


def summary_row(name: str, analysis: CallAnalysis) -> dict[str, Any]:
    """Return one summary-table row for an analysed call."""
    data = analysis.as_dict()
    return {
        "file": name,
        "status": "ok",
        "duration_s": data["duration_s"],
        "timing": data["timing"],
        "talk_ratio": data["talk_ratio"],
        "seller_question_count": data["seller_question_count"],
        "seller_open_question_count": data["seller_open_question_count"],
        "longest_monologue_s": data["longest_monologue_s"],
        "longest_customer_story_s": data["longest_customer_story_s"],
        "pressure_tactic_count": len(data["pressure_tactics"]),
        "next_step_agreed": data["next_steps"]["agreed"],
        "discovery_covered": sum(data["discovery"].values()),
        "helping_score": data["helping_score"],
        "error": "",
    }


def _summary_text(rows: list[dict[str, Any]], suffix: str) -> str:
    if suffix == ".json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SUMMARY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _render_summary(rows: list[dict[str, Any]], folder: Path, console: Console) -> None:
    table = Table(title=f"Calls in {folder}")
    for column in (
        "file",
        "score",
        "talk",
        "questions (open)",
        "monologue",
        "tactics",
        "next step",
    ):
        table.add_column(column)
    for row in rows:
        if row["status"] != "ok":
            table.add_row(
                escape(row["file"]), "[red]error[/]", escape(row["error"][:60]), *[""] * 4
            )
            continue
        table.add_row(
            escape(row["file"]),
            str(row["helping_score"]),
            f"{round(row['talk_ratio'] * 100)}%",
            f"{row['seller_question_count']} ({row['seller_open_question_count']})",
            span(row["longest_monologue_s"]),
            str(row["pressure_tactic_count"]),
            "yes" if row["next_step_agreed"] else "no",
        )
    console.print(table)


def render_scorecard(analysis: CallAnalysis, title: str, console: Console) -> None:
    """Print a readable scorecard: score, talk, questions, tactics, next step, coaching."""
    data = analysis.as_dict()
    score = data["helping_score"]
    colour = "green" if score >= 70 else "yellow" if score >= 40 else "red"
    estimated = " (estimated from word counts)" if data["timing"] == "estimated" else ""
    console.print(
        Panel(
            f"[bold {colour}]Helping score {score}/100[/]\n"
            f"Duration {span(data['duration_s'])}{estimated} · seller talk "
            f"{round(data['talk_ratio'] * 100)}% (top performers ~43%) · longest monologue "
            f"{span(data['longest_monologue_s'])} · longest customer story "
            f"{span(data['longest_customer_story_s'])}",
            title=escape(title),
        )
    )
    speakers = Table("speaker", "side", "talk", "words", title="Who spoke")
    for s in data["speakers"]:
        speakers.add_row(escape(s["name"]), s["side"], span(s["talk_s"]), str(s["words"]))
    console.print(speakers)
    console.print(
        f"[bold]Seller questions:[/] {data['seller_question_count']} "
        f"({data['seller_open_question_count']} open)"
    )
    for q in data["questions"]:
        if q["side"] == "seller":
            console.print(f"  {clock(q['t'])} \\[{q['kind']}] {escape(q['text'])}", highlight=False)
    tactics = data["pressure_tactics"]
    console.print(f"[bold]Pressure tactics:[/] {len(tactics) or 'none'}")
    for t in tactics:
        console.print(
            f"  [red]{clock(t['t'])} {t['kind']}[/] “{escape(t['quote'])}”", highlight=False
        )
    step = data["next_steps"]
    console.print(
        f"[bold]Next step agreed:[/] "
        f"{'yes — ' + escape(step['quote']) if step['agreed'] else 'no'}",
        highlight=False,
    )
    found = "  ".join(
        f"{'[green]✓' if done else '[red]✗'} {name.replace('_', ' ')}[/]"
        for name, done in data["discovery"].items()
    )
    console.print(f"[bold]Discovery:[/] {found}")
    console.print("[bold]Coaching:[/]")
    for note in data["coaching"]:
        console.print(f"  • {escape(note)}", highlight=False)


@app.command()
def transcribe(
    audio: Annotated[Path, typer.Argument(help="An audio file (wav, mp3, m4a, ...).")],
    output: Annotated[
        Path | None, typer.Option(help="Write the transcript JSON here instead of stdout.")
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            help="Local Whisper model folder (default: $HELPFIRST_WHISPER_MODEL, then "
            "the model the 'audio' extra ships)."
        ),
    ] = None,
    channel_names: Annotated[
        str | None,
        typer.Option(help="Names for a two-channel recording, e.g. 'Rep,Buyer'."),
    ] = None,
) -> None:
    """Transcribe call audio locally (needs the 'audio' extra); nothing is fetched online."""
    from helpfirst.core.conversation.formats.speech_json import dump_segments
    from helpfirst.core.conversation.transcribe import transcribe_audio

    names = tuple(n.strip() for n in channel_names.split(",")) if channel_names else None
    try:
        transcript = transcribe_audio(audio, model_path=model, channel_names=names)
    except HelpfirstError as exc:
        _fail(str(exc), 1)
    text = dump_segments(transcript)
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text, encoding="utf-8")
    if not transcript.has_sides:
        Console(stderr=True).print(
            "[yellow]note:[/] single-channel audio: the transcript has no speaker sides, so "
            "`calls analyze` cannot score it until speakers are named."
        )
