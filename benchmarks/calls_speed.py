"""Time the call analyser against the floor any Python analyser pays: one regex pass.

* A one-hour call (~9,000 words, WebVTT with timestamps) is built by cycling the turns of the
  hand-labelled calls in ``tests/fixtures/transcripts``; parse and analysis are timed
  separately (median of ``--repeat`` runs) and compared with one ``re.findall(r"\\w+")`` pass
  over the same spoken text.
* Throughput: ``--calls`` calls (the labelled calls and the demo calls, cycled) parsed and
  analysed with ``--workers`` processes.

    .venv/bin/python benchmarks/calls_speed.py [--repeat 20] [--calls 1000] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from helpfirst.core.conversation import analyse_call, parse_transcript  # noqa: E402
from helpfirst.core.conversation.scorecard import clock  # noqa: E402
from helpfirst.demo.transcripts import build_demo_transcripts  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "transcripts"
_TOKEN_RE = re.compile(r"\w+")


def labelled_calls() -> list[tuple[bytes, str, list[str]]]:
    """Return (bytes, file name, seller names) for each hand-labelled call."""
    out = []
    for path in sorted(FIXTURES.iterdir()):
        if path.name.endswith(".labels.json"):
            continue
        labels = json.loads(
            path.with_name(path.name.rsplit(".", 1)[0] + ".labels.json").read_text(encoding="utf-8")
        )
        out.append((path.read_bytes(), path.name, labels["seller"]))
    return out


def one_hour_call(target_words: int = 9000) -> str:
    """Return a WebVTT call of about ``target_words`` words spread over one hour."""
    turns = []
    for data, name, sellers in labelled_calls():
        transcript = parse_transcript(data, filename=name)
        for u in transcript.utterances:
            side = "Rep" if u.speaker in sellers else "Buyer"
            turns.append((side, u.text))
    words = 0
    cues = []
    index = 0
    while words < target_words:
        side, text = turns[index % len(turns)]
        cues.append((side, text))
        words += len(text.split())
        index += 1
    per_word = 3600.0 / words
    lines = ["WEBVTT", ""]
    at = 0.0
    for number, (side, text) in enumerate(cues, start=1):
        length = len(text.split()) * per_word
        lines += [
            str(number),
            f"{_vtt_clock(at)} --> {_vtt_clock(at + length)}",
            f"{side}: {text}",
            "",
        ]
        at += length
    return "\n".join(lines)


def _vtt_clock(seconds: float) -> str:
    total_ms = round(seconds * 1000)
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _median_ms(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _work(item: tuple[bytes, str, list[str]]) -> int:
    data, name, sellers = item
    return analyse_call(parse_transcript(data, filename=name), sellers).helping_score


def throughput(calls: int, workers: int) -> dict:
    """Parse and analyse ``calls`` calls with ``workers`` processes; return calls per second."""
    pool_items = labelled_calls() + [
        (d.text.encode("utf-8"), d.filename, [d.seller]) for d in build_demo_transcripts()
    ]
    items = [pool_items[i % len(pool_items)] for i in range(calls)]
    words = sum(len(re.findall(r"\w+", d.decode("utf-8", "replace"))) for d, _, _ in items)
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        scores = pool.map(_work, items, chunksize=max(1, calls // (workers * 8)))
    elapsed = time.perf_counter() - start
    return {
        "calls": len(scores),
        "workers": workers,
        "seconds": round(elapsed, 3),
        "calls_per_s": round(len(scores) / elapsed, 1),
        "mean_words_per_call": round(words / calls),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=REPO.parent / "shared" / "data",
        help="unused; accepted for a uniform benchmark interface",
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args()

    vtt = one_hour_call()
    transcript = parse_transcript(vtt)
    spoken = transcript.text
    words = len(_TOKEN_RE.findall(spoken))
    analysis = analyse_call(transcript, ["Rep"])
    regex_ms = _median_ms(lambda: _TOKEN_RE.findall(spoken), args.repeat)
    parse_ms = _median_ms(lambda: parse_transcript(vtt), args.repeat)
    analyse_ms = _median_ms(lambda: analyse_call(transcript, ["Rep"]), args.repeat)
    report = {
        "one_hour_call": {
            "words": words,
            "utterances": len(transcript.utterances),
            "duration": clock(analysis.duration_s),
            "regex_tokenisation_ms": round(regex_ms, 2),
            "parse_ms": round(parse_ms, 2),
            "analyse_ms": round(analyse_ms, 2),
            "analyse_over_regex": round(analyse_ms / regex_ms, 1),
            "parse_and_analyse_over_regex": round((parse_ms + analyse_ms) / regex_ms, 1),
        },
        "throughput": throughput(args.calls, args.workers),
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
    }
    if args.format == "json":
        print(json.dumps(report, indent=2))
        return
    h = report["one_hour_call"]
    print(f"One-hour call: {h['words']} words, {h['utterances']} utterances, {h['duration']}")
    print(
        f"  regex tokenisation {h['regex_tokenisation_ms']} ms | parse {h['parse_ms']} ms | "
        f"analyse {h['analyse_ms']} ms"
    )
    print(
        f"  analysis / regex pass = {h['analyse_over_regex']}x; "
        f"parse+analysis / regex pass = {h['parse_and_analyse_over_regex']}x"
    )
    t = report["throughput"]
    print(
        f"Throughput: {t['calls']} calls (mean {t['mean_words_per_call']} words) on "
        f"{t['workers']} processes in {t['seconds']} s = {t['calls_per_s']} calls/s"
    )


if __name__ == "__main__":
    main()
