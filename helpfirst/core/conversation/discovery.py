"""Tell which parts of the buyer's situation the call established, from what the buyer said.

Only the buyer's own words count: a seller who guesses the pain has not discovered it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from helpfirst.core.conversation.sentences import Sentence

_I = re.IGNORECASE
_NUMBER = (
    r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|forty|fifty|sixty|hundred|thousand|half|a|several|dozens?\s+of)"
)
_PAIN_RE = re.compile(
    r"\b(?:problems?|struggl\w*|pain\w*|frustrat\w*|challeng\w*|issues?|difficult|hard\s+to|"
    r"nightmare|drowning|headache|bottleneck|by\s+hand|manual(?:ly)?|broken|waste|wasting|"
    r"losing|slipping|chaotic|badly|oversell\w*|double[- ]booked|swamped|complain\w*|"
    r"errors?|mistakes?|spreadsheets?|whiteboard|cancel\w*|drops?|missing|missed|never\s+got|"
    r"keeps?\s+(?:missing|breaking|growing|losing|failing|dropping)|can'?t\s+(?:run|keep|get|"
    r"find|see|track)|stops|furious|worse|slow)\b",
    _I,
)
_IMPACT_RE = re.compile(
    rf"(?:[$€£]\s?\d|\b{_NUMBER}\s+(?:\w+\s+){{0,2}}(?:dollars|euros|pounds|k|grand|percent|"
    rf"orders|refunds?|complaints|deals|customers|meetings|agents|hires|people)\b|\d\s?%)"
    rf"[^.?!]*?\b(?:cost\w*|lost|lose|losing|refund\w*|dropped|worth|overtime|hired|spend|spent|"
    rf"waste\w*|late|churn\w*|complain\w*|scrap)\b"
    rf"|\b(?:cost\w*|lost|lose|losing|refund\w*|dropped|worth|overtime|hired|spend|spent|"
    rf"waste\w*|late)\b[^.?!]*?(?:[$€£]\s?\d|\b{_NUMBER}\s+(?:\w+\s+){{0,2}}(?:dollars|euros|"
    rf"pounds|k|grand|percent|orders|refunds?|complaints|deals|customers|meetings|agents|hires|"
    rf"people|days?|weeks?|hours?|months?)\b|\d\s?%)"
    rf"|\b{_NUMBER}\s+(?:\w+\s+){{0,3}}(?:days?|weeks?|hours?)\b[^.?!]*?\b(?:every|each|per|a)\s+"
    rf"(?:day|week|month|year|quarter)\b",
    _I,
)
_GOALS_RE = re.compile(
    r"\b(?:goals?|objectives?|aim(?:ing)?\s+(?:to|for)\s+(?!have\b)|target|hoping\s+to|hope\s+to|"
    r"(?:want|wants|need|needs|trying)\s+to\s+(?:cut|reduce|grow|increase|improve|double|halve|"
    r"hit|reach|achieve|stop|get\s+(?:to|down|under)|close|scale|add|be\s+able)|"
    r"wants?\s+\w+(?:\s+\w+){0,3}\s+(?:under|below|above|over)\b|want\s+to\s+get\s+to)\b",
    _I,
)
_DECISION_RE = re.compile(
    r"\b(?:decide[sr]?|decision|decisions|sign(?:s)?\s+off|approv\w+|procurement|legal\s+"
    r"review|security\s+review|business\s+case|final\s+(?:call|decision|say)|budget\s+holder|"
    r"committee|evaluation|signs\s+anything|signs\s+the|review\s+it|make\s+the\s+(?:final\s+)?"
    r"call|works\s+council|rfp)\b",
    _I,
)
_STAKEHOLDER_RE = re.compile(
    r"(?i:\b(?:ceo|cfo|coo|cto|cio|cmo|cro|vp|vice\s+president|head\s+of|director|manager|boss|"
    r"board|co-?founder|business\s+partner|owner|lead|leads|legal|finance|procurement|"
    r"colleague|works\s+council|leadership|founder|president|partner)\b)|\bIT\b",
)
_TIMELINE_RE = re.compile(
    r"\b(?:by|before|until|ahead\s+of|in\s+time\s+for)\s+(?:\w+\s+){0,3}?(?:january|february|"
    r"march|april|may|june|july|august|september|october|november|december|monday|tuesday|"
    r"wednesday|thursday|friday|q[1-4]|quarter|year|season|black\s+friday|christmas|launch|"
    r"then|renewal|fiscal|month|week)\b|\bdeadline\b|\bgo[- ]live\b|\bopens?\s+on\b|"
    r"\bthe\s+first\s+of\b|\bwithin\s+\w+\s+(?:weeks|months)\b",
    _I,
)

_CHECKS = {
    "pain": _PAIN_RE,
    "impact": _IMPACT_RE,
    "goals": _GOALS_RE,
    "decision_process": _DECISION_RE,
    "stakeholders": _STAKEHOLDER_RE,
    "timeline": _TIMELINE_RE,
}


@dataclass(frozen=True, slots=True)
class Discovery:
    """Say which parts of the buyer's situation the call established."""

    pain: bool = False
    impact: bool = False
    goals: bool = False
    decision_process: bool = False
    stakeholders: bool = False
    timeline: bool = False

    def as_dict(self) -> dict[str, bool]:
        """Return the six flags in the order of the JSON contract."""
        return asdict(self)

    @property
    def covered(self) -> int:
        """Return how many of the six parts were established."""
        return sum(self.as_dict().values())


def find_discovery(sentences: list[Sentence], sides: dict[str, str]) -> Discovery:
    """Return which discovery parts the buyer side's sentences established."""
    found = dict.fromkeys(_CHECKS, False)
    for sentence in sentences:
        if sides.get(sentence.speaker) == "seller":
            continue
        for name, pattern in _CHECKS.items():
            if not found[name] and pattern.search(sentence.text):
                found[name] = True
    return Discovery(**found)
