"""Call pages: the list, uploading a call, the call page, coaching and practice.

Thin: reads come from ``queries`` (and the page builders), writes go through ``services``.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from helpfirst.calls import call_page, charts, coaching, queries, services
from helpfirst.calls.forms import FORMAT_LABELS, CallUploadForm, PracticeForm
from helpfirst.calls.practice import SCENARIOS, scenario
from helpfirst.core.conversation import score_practice_reply
from helpfirst.core.conversation.scorecard import clock
from helpfirst.core.errors import (
    HelpfirstError,
    ModelUnavailableError,
    SpeakerSidesError,
    TranscriptFormatError,
)
from helpfirst.team import permissions
from helpfirst.team.models import User
from helpfirst.web.paging import PageWindow, page_number, slice_rows

PER_PAGE = 50
AUDIO_HINT = (
    "Audio upload needs the optional 'audio' extra (faster-whisper and a local Whisper model): "
    "run `uv sync --extra audio`, or set HELPFIRST_WHISPER_MODEL to a local model folder. "
    "Nothing is downloaded while you work."
)


def _section(request, section: str = "calls") -> None:
    request.nav_section = section


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 16 else None


def _date(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@require_GET
def call_list(request):
    """List the calls you may see, narrowed by rep, journey or week (the coaching click-through)."""
    _section(request)
    owner_id, journey_id = _int(request.GET.get("owner")), _int(request.GET.get("journey"))
    week = _date(request.GET.get("week"))
    calls = queries.filtered_calls(
        request.user, owner_id=owner_id, journey_id=journey_id, week=week
    )
    number = page_number(request.GET.get("page"))
    rows, has_next = slice_rows(calls, number, PER_PAGE)
    owner = (
        User.objects.filter(pk=owner_id, team_id=request.user.team_id).first() if owner_id else None
    )
    return render(
        request,
        "calls/call_list.html",
        {
            "page": PageWindow(rows, number, PER_PAGE, has_next),
            "owner": owner,
            "week": week,
            "week_end": queries.week_bounds(week)[1].date() if week else None,
            "journey_id": journey_id,
        },
    )


@require_GET
def call_start(request):
    """Pick the journey a new call belongs to (search by journey or account name)."""
    _section(request)
    journeys = permissions.visible_journeys(request.user).select_related("account", "owner")
    if not request.user.sees_whole_team:
        journeys = journeys.filter(owner_id=request.user.pk)
    term = (request.GET.get("q") or "").strip()[:100]
    if term:
        journeys = journeys.filter(Q(title__icontains=term) | Q(account__name__icontains=term))
    return render(
        request,
        "calls/call_start.html",
        {
            "journeys": list(journeys.order_by("-updated_at")[:25]),
            "q": term,
        },
    )


@require_http_methods(["GET", "POST"])
def call_upload(request, pk: int):
    """Upload a call on a journey: transcript (file or paste) or audio, consent checked."""
    _section(request)
    journey = get_object_or_404(
        permissions.visible_journeys(request.user).select_related("account", "owner"), pk=pk
    )
    if not permissions.can_edit_journey(request.user, journey):
        raise PermissionDenied("Only the journey's owner or a manager adds its calls.")
    audio = services.audio_supported()
    form = CallUploadForm(request.POST or None, request.FILES or None, journey=journey, audio=audio)
    if request.method == "POST" and form.is_valid():
        call = _store_upload(request, form, journey)
        if call is not None:
            messages.success(request, "Call stored and analysed.")
            return redirect(call)
    return render(
        request,
        "calls/call_upload.html",
        {
            "journey": journey,
            "form": form,
            "audio": audio,
            "audio_hint": AUDIO_HINT,
        },
    )


def _store_upload(request, form: CallUploadForm, journey):
    data = form.cleaned_data
    common = {
        "contacts": data["contacts"],
        "seller_names": form.seller_name_list,
        "redaction": form.redaction,
        "occurred_at": data["occurred_at"],
        "uploaded_by": request.user,
    }
    source_field = "transcript_file" if data.get("transcript_file") else "transcript_paste"
    try:
        if data.get("audio_file"):
            source_field = "audio_file"
            transcript = _transcribe(data["audio_file"], data["left_channel"], journey, data)
            names = [*form.seller_name_list, journey.owner.display_name]
            return services.record_call(
                journey,
                transcript=transcript,
                filename=data["audio_file"].name,
                **{**common, "seller_names": names},
            )
        if data.get("transcript_file"):
            upload = data["transcript_file"]
            content, filename = upload.read(), upload.name
        else:
            content, filename = data["transcript_paste"], ""
        return services.record_call(
            journey,
            transcript_text=content,
            filename=filename,
            input_format=data["input_format"] or None,
            **common,
        )
    except SpeakerSidesError as error:
        form.add_error("seller_names", error.message)
    except (TranscriptFormatError, ModelUnavailableError) as error:
        form.add_error(source_field, str(error))
    except HelpfirstError as error:
        name = error.location.field
        form.add_error(name if name in form.fields else None, error.message)
    return None


def _transcribe(upload, left_channel: str, journey, data):
    contacts = data["contacts"]
    buyer = contacts[0].name if contacts else "Buyer"
    rep = journey.owner.display_name
    names = [rep, buyer] if left_channel == "seller" else [buyer, rep]
    suffix = Path(upload.name).suffix[:10]
    with tempfile.NamedTemporaryFile(suffix=suffix) as temporary:
        for chunk in upload.chunks():
            temporary.write(chunk)
        temporary.flush()
        return services.transcribe_upload(Path(temporary.name), names)


@require_GET
def call_detail(request, pk: int):
    """Show one call: who spoke when, the transcript with its moments, scorecard, coaching."""
    _section(request)
    call = get_object_or_404(
        queries.visible_calls(request.user).select_related("journey", "account", "owner"), pk=pk
    )
    rows = call_page.transcript_rows(call)
    analysis = call.analysis or {}
    events = [
        (q["t"], q["kind"], f"{q['kind'].capitalize()} question")
        for q in analysis.get("questions", [])
        if q.get("side") == "seller"
    ]
    events += [
        (t["t"], "tactic", call_page.TACTIC_LABELS.get(t["kind"], t["kind"]))
        for t in analysis.get("pressure_tactics", [])
    ]
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "contacts": list(call.contacts.all()),
            "format_label": FORMAT_LABELS.get(call.input_format, call.input_format),
            "rows": rows,
            "bar": charts.speaking_bar(rows, events),
            "legend": charts.legend(
                [
                    (charts.SIDE_COLOURS["seller"], "Our side"),
                    (charts.SIDE_COLOURS["buyer"], "Buyer"),
                    (charts.EVENT_COLOURS["open"], "Open question"),
                    (charts.EVENT_COLOURS["closed"], "Closed question"),
                    (charts.EVENT_COLOURS["tactic"], "Pressure tactic"),
                ]
            ),
            "card": call_page.scorecard(call) if call.is_analysed else None,
            "coaching": call_page.coaching_items(call, rows),
            "tactics": [
                {
                    **t,
                    "label": call_page.TACTIC_LABELS.get(t["kind"], t["kind"]),
                    "anchor": call_page.moment_index(rows, t["t"]),
                    "clock": clock(t["t"]),
                }
                for t in analysis.get("pressure_tactics", [])
            ],
        },
    )


@require_GET
def coaching_view(request):
    """Show talk ratio, questions, monologues, tactics and helping score per week and per rep."""
    _section(request, "coaching")
    user = request.user
    reps = list(queries.coachable_reps(user))
    owner_id = _int(request.GET.get("rep"))
    if not user.sees_whole_team:
        owner_id = user.pk  # reps see their own calls only
    elif owner_id is not None and owner_id not in {r.pk for r in reps}:
        owner_id = None
    period = request.GET.get("period") or coaching.DEFAULT_PERIOD
    if period not in coaching.PERIODS:
        period = coaching.DEFAULT_PERIOD
    since = coaching.period_start(period, timezone.localdate())
    summary = queries.rep_summary(user, since) if user.sees_whole_team else []
    return render(
        request,
        "calls/coaching.html",
        {
            "reps": reps,
            "rep": next((r for r in reps if r.pk == owner_id), None),
            "period": period,
            "periods": [("12", "12 weeks"), ("26", "26 weeks"), ("52", "52 weeks"), ("all", "All")],
            "charts": coaching.metric_charts(user, owner_id, since),
            "summary": [
                {
                    "rep": rep,
                    "point": point,
                    "href": coaching.calls_href(owner_id=rep.pk),
                    "values": [
                        charts.format_value(point.value(key), unit)
                        for key, _label, unit in queries.COACHING_METRICS
                    ],
                }
                for rep, point in summary
            ],
            "metric_labels": [label for _key, label, _unit in queries.COACHING_METRICS],
            "call_count": sum(point.calls for _rep, point in summary),
        },
    )


@require_http_methods(["GET", "POST"])
def practice(request):
    """Practise a reply to a buyer: scored for helping vs pushing, with the reasons why."""
    _section(request, "practice")
    initial = {"scenario": request.GET.get("scenario") or SCENARIOS[0].slug}
    form = PracticeForm(request.POST or None, initial=initial)
    feedback, buyer_message = None, ""
    if request.method == "POST" and form.is_valid():
        chosen = scenario(form.cleaned_data["scenario"])
        buyer_message = form.cleaned_data["buyer_message"].strip() or (
            chosen.buyer_message if chosen else ""
        )
        if not buyer_message:
            form.add_error("buyer_message", "Write the buyer's message, or pick a scenario.")
        else:
            feedback = score_practice_reply(buyer_message, form.cleaned_data["reply"])
    return render(
        request,
        "calls/practice.html",
        {
            "form": form,
            "scenarios": SCENARIOS,
            "feedback": feedback,
            "buyer_message": buyer_message,
        },
    )
