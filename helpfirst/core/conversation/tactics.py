"""Spot pressure tactics in what the seller says, judged against what the buyer said before.

Kinds: ``false_urgency`` (a deadline or scarcity the seller invents), ``assumptive_close``
(treating the sale as made before the buyer agreed), ``guilt``, ``fear_uncertainty_doubt``
and ``ignoring_no`` (pressing on after the buyer declined). Context rules keep helpful
behaviour out: working back from the buyer's own deadline is planning, "no pressure at all"
is reassurance, and sending the contract after the buyer said "let's go ahead" is service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpfirst.core.conversation.sentences import Sentence
from helpfirst.core.conversation.transcript import count_words

TACTIC_KINDS = (
    "false_urgency",
    "assumptive_close",
    "guilt",
    "fear_uncertainty_doubt",
    "ignoring_no",
)

_I = 0  # matched against Sentence.lower: faster than re.IGNORECASE
_WHEN = (
    r"(?:today|tonight|tomorrow|now|this\s+(?:week|month|quarter)|monday|tuesday|wednesday|"
    r"thursday|friday|the\s+end\s+of\s+(?:the\s+)?(?:week|month|quarter|day)|end\s+of\s+"
    r"(?:the\s+)?(?:week|month|quarter|day))"
)
_PATTERNS: dict[str, re.Pattern[str]] = {
    "false_urgency": re.compile(
        r"\b(?:only|just)\s+(?:until|till|through|valid|good)\b"
        r"|\b(?:offer|discount|price|prices|pricing|promotion|promo|deal|rate)\b[^.?!]{0,40}?"
        r"\b(?:ends?|ending|expires?|won't\s+last|will\s+not\s+last|goes?\s+(?:back\s+)?up|"
        r"go\s+up|going\s+up|increases?|is\s+only)\b"
        r"|\bwon't\s+last\b|\blimited[- ]time\b|\bact\s+(?:now|fast|quickly)\b"
        r"|\b(?:only|just)\s+(?:\w+\s+){0,2}(?:spots?|seats?|slots?|licen[cs]es|places?|units?)"
        r"\s+left\b"
        r"|\block\s+(?:it|this|that|in)\b"
        rf"|\bif\s+you\s+(?:sign|decide|commit|buy|order|renew)\w*\s+(?:\w+\s+){{0,2}}{_WHEN}\b"
        rf"|\b(?:need|have|got)\s+to\s+(?:sign|decide|commit|buy|renew|act)\w*\s+"
        rf"(?:\w+\s+){{0,2}}{_WHEN}\b"
        r"|\bbefore\s+(?:it'?s|they'?re)\s+gone\b|\bfirst\s+come,?\s+first\s+served\b",
        _I,
    ),
    "assumptive_close": re.compile(
        r"\bput\s+you\s+down\s+for\b"
        r"|\bwhich\s+(?:plan|card|credit\s+card|package|option|tier|payment\s+method|bundle|"
        r"edition|contract\s+length)\b[^.?!]{0,40}\b(?:should|shall|would|do\s+you\s+want|"
        r"will|can)\b"
        r"|\b(?:i'll|i\s+will|let\s+me|i'm\s+going\s+to|i'm\s+gonna)\s+(?:go\s+ahead\s+and\s+)?"
        r"(?:send|get|draw\s+up|prepare|email|shoot)\s+(?:over\s+|you\s+|across\s+)?"
        r"(?:the\s+|an?\s+|your\s+)?(?:order\s+form|contract|paperwork|agreement|invoice|"
        r"purchase\s+order|docusign|signature\s+link)"
        r"|\bonce\s+you\s+sign\b"
        r"|\b(?:when|once)\s+we\s+get\s+you\s+(?:set\s+up|started|onboarded|signed|live)\b"
        r"|\blet'?s\s+get\s+you\s+(?:signed|set\s+up|started|onboarded)\b"
        r"|\bget\s+you\s+started\s+(?:on|by|next|this|tomorrow|today)\b"
        r"|\bi'll\s+go\s+ahead\s+and\s+(?:set|book|sign|register|process|reserve)\b"
        r"|\bwhere\s+should\s+i\s+send\s+the\s+(?:contract|invoice|paperwork)\b"
        r"|\b(?:when|once)\s+you(?:'re|\s+are)\s+(?:a|our)\s+customer\b",
        _I,
    ),
    "guilt": re.compile(
        r"\bi'?ve\s+(?:spent|put|invested)\s+(?:so\s+much|weeks|days|hours|a\s+lot|months)"
        r"|\bafter\s+(?:all|everything)\s+(?:i'?ve|we'?ve)\s+(?:done|put)"
        r"|\bmy\s+(?:manager|boss|director)\s+(?:is|will\s+be|was)\s+(?:expecting|counting|"
        r"upset|disappointed|furious|on\s+my\s+back)"
        r"|\bexpecting\s+this\s+(?:one|deal)\s+to\s+close\b"
        r"|\b(?:hate|don't\s+want)\s+to\s+go\s+back\s+to\s+(?:him|her|them|my)"
        r"|\bempty[- ]handed\b|\blet(?:ting)?\s+(?:me|us)\s+down\b"
        r"|\bwent\s+out\s+on\s+a\s+limb\b|\bstuck\s+my\s+neck\s+out\b"
        r"|\bi\s+(?:really\s+)?need\s+this\s+(?:deal|sale|one|signature)\b|\bmy\s+quota\b"
        r"|\bi\s+thought\s+we\s+had\s+(?:a|an)\s+(?:relationship|deal|understanding)\b"
        r"|\bdo\s+me\s+a\s+favou?r\b|\bhelp\s+me\s+(?:out|hit)\b",
        _I,
    ),
    "fear_uncertainty_doubt": re.compile(
        r"\byour\s+competitors?\s+(?:are|is|have)\s+(?:already|all)\b"
        r"|\b(?:fall|falling|be\s+left|get\s+left)\s+behind\b"
        r"|\b(?:companies|people|teams|firms)\s+(?:that|who)\s+wait\b"
        r"|\b(?:could|might|will|would)\s+lose\s+(?:everything|it\s+all|all|your\s+customers)\b"
        r"|\bget\s+(?:breached|hacked|sued|fined)\b|\bbefore\s+it'?s\s+too\s+late\b"
        r"|\byou(?:'ll|\s+will)\s+regret\b"
        r"|\b(?:one|an?)\s+(?:incident|breach|outage|audit)\s+away\s+from\b"
        r"|\bdo\s+you\s+(?:really\s+)?want\s+to\s+be\s+the\s+one\b"
        r"|\bcan'?t\s+afford\s+(?:to\s+wait|not\s+to)\b"
        r"|\bnobody\s+wants\s+that\s+conversation\b"
        r"|\bif\s+you\s+don'?t\s+\w+\s+(?:now|today|soon|this\s+\w+)\b[^.?!]{0,60}"
        r"\b(?:more|lose|risk|regret|pay)\b"
        r"|\b(?:building|build)\s+(?:it\s+)?in[- ]house\b[^.?!]{0,60}\b(?:longer|fails?|more|"
        r"never|risk)"
        r"|\b(?:most|other)\s+(?:vendors|providers|tools|solutions)\b[^.?!]{0,60}"
        r"\b(?:disaster|fail|breach|out\s+of\s+business|away\s+from)\b",
        _I,
    ),
}
_HEDGES_RE = re.compile(
    r"\b(?:not\s+(?:saying|trying\s+to\s+scare)|no\s+(?:pressure|rush)|there'?s\s+no\s+(?:rush|"
    r"deadline)|if\s+you\s+decide\s+to|if\s+and\s+when|whenever\s+you'?re\s+ready|if\s+it\s+"
    r"makes\s+sense|should\s+you\s+(?:decide|choose)|if\s+you\s+want\s+to\s+go\s+ahead)\b",
    _I,
)
_BUYER_COMMITTED_RE = re.compile(
    r"\b(?:(?:we'd|we\s+would|i'd|i\s+would)\s+like\s+to\s+(?:go\s+ahead|buy|sign|proceed|move\s+"
    r"forward|purchase)|let'?s\s+(?:do\s+it|go\s+ahead|move\s+forward)|we'?ll\s+take\s+(?:it|the)|"
    r"ready\s+to\s+(?:sign|buy|go)|send\s+(?:me|us)\s+the\s+(?:contract|paperwork|order)|"
    r"we\s+(?:want|decided)\s+to\s+(?:buy|proceed|go\s+ahead|move\s+forward|sign))\b",
    _I,
)
BUYER_NO_RE = re.compile(
    r"\b(?:not\s+interested|no\s+thanks|no,?\s+thank\s+you|(?:we'?ve|we\s+have|we|i'?ve|i)\s+"
    r"decided\s+(?:not\s+to|against|to\s+(?:go\s+with|build|stay|keep|stick))|not\s+(?:right\s+"
    r"now|at\s+this\s+time|for\s+us|a\s+priority|a\s+fit|something\s+we)|(?:we'?ll|we\s+will|"
    r"going\s+to|gonna)\s+pass|please\s+(?:take\s+us\s+off|stop|remove)|take\s+us\s+off|stop\s+"
    r"calling|(?:we'?re|we\s+are)\s+(?:committed|staying|sticking)\s+(?:to|with)|i\s+haven'?t\s+"
    r"agreed|i\s+didn'?t\s+(?:agree|say\s+(?:we|i)\s+(?:were|was|would))|not\s+going\s+to\s+"
    r"(?:buy|move\s+forward|sign|switch|go\s+ahead|change)|not\s+(?:making|going\s+to\s+make)\s+"
    r"a\s+decision|we\s+just\s+renewed|not\s+(?:looking|buying)|not\s+really\b(?=[.!,]|$))",
    _I,
)
_PUSH_RE = re.compile(
    r"\bbut\b(?!\s+(?:if|feel\s+free|thanks|thank|of\s+course|no\b))|\bjust\s+(?:give|let|take|"
    r"try|a\s+few|five|one|ten)\b|\bare\s+you\s+sure\b|\bwhat\s+(?:would|will)\s+it\s+take\b|"
    r"\bchange\s+your\s+mind\b|\bat\s+least\b|\bspecial\s+(?:price|offer|deal)\b|\bdiscount\b|"
    r"\blet\s+me\s+(?:just\s+)?(?:show|explain|tell)\b|\bwhy\s+don'?t\s+(?:we|you)\b|"
    r"\byou'?ll\s+see\b|\bonce\s+you\s+see\b|\bstill\s+think\b|\breally\s+think\b|"
    r"\breconsider\b|\bhear\s+me\s+out\b|\bbefore\s+you\s+decide\b",
    _I,
)
_DATE_WORDS_RE = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|monday|tuesday|wednesday|thursday|friday|q[1-4]|quarter|\d{1,2}(?:st|nd|rd|th)?)\b",
    _I,
)


@dataclass(frozen=True, slots=True)
class Tactic:
    """Record one pressure tactic: when, who, which kind and the words used."""

    t: float
    speaker: str
    kind: str
    quote: str


def find_tactics(sentences: list[Sentence], sides: dict[str, str]) -> list[Tactic]:
    """Return the pressure tactics the seller side used, in call order."""
    out: list[Tactic] = []
    buyer_dates: set[str] = set()
    buyer_committed = False
    no_pending = False  # the buyer declined and the seller has not yet backed off
    last_buyer_utterance = -1
    for sentence in sentences:
        text = sentence.lower or sentence.text.lower()
        if sides.get(sentence.speaker) != "seller":
            buyer_dates.update(m.lower() for m in _DATE_WORDS_RE.findall(text))
            buyer_committed = buyer_committed or bool(_BUYER_COMMITTED_RE.search(text))
            if sentence.utterance != last_buyer_utterance and count_words(text) >= 3:
                no_pending = False  # a new buyer turn with substance closes the earlier "no"
            no_pending = no_pending or bool(BUYER_NO_RE.search(text))
            last_buyer_utterance = sentence.utterance
            continue
        kinds = _sentence_tactics(text, buyer_dates, buyer_committed)
        if no_pending and (kinds or _PUSH_RE.search(text)):
            kinds.append("ignoring_no")
            no_pending = False
        quote = sentence.text.strip()
        out.extend(Tactic(sentence.t, sentence.speaker, kind, quote) for kind in kinds)
    return out


def _sentence_tactics(text: str, buyer_dates: set[str], buyer_committed: bool) -> list[str]:
    if _HEDGES_RE.search(text):
        return []
    kinds = []
    for kind, pattern in _PATTERNS.items():
        if not pattern.search(text):
            continue
        if kind == "false_urgency" and _is_buyers_own_deadline(text, buyer_dates):
            continue
        if kind == "assumptive_close" and buyer_committed:
            continue
        kinds.append(kind)
    return kinds


def _is_buyers_own_deadline(text: str, buyer_dates: set[str]) -> bool:
    """Tell planning against the buyer's date ("to hit your March 1 opening...") from pressure."""
    mentioned = {m.lower() for m in _DATE_WORDS_RE.findall(text)}
    seller_owned = re.search(
        r"\b(?:price|prices|pricing|discount|offer|promotion|spots?)\b", text, _I
    )
    return bool(mentioned) and mentioned <= buyer_dates and not seller_owned
