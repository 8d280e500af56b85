"""Retyping: what a trigger's clause makes of it, before its place and actor are read.

A trigger word gives a type (capture, advance, holds, battle); the rest of its clause can say
otherwise, and these checks (run in this order, the first that applies decides) read it:

- "the militants in control of X imposed taxes": who holds a place, no trigger at all;
- "tried to take X but were repelled", "attempted to overrun X, sparking clashes": a battle;
- "Al Shabaab controls X after SNA forces withdrew": control told with its cause, a capture;
- "advanced into X after SNA forces withdrew", "deployed troops to X after Al Shabaab
  vacated it": a move into a place the other side left, a capture;
- "stormed SNA positions in X but were repelled": a battle.
"""

from __future__ import annotations

import re

from frontline.extraction.frames import ATTEMPT, DEFEATED, FIGHT_AFTER, FIGHT_NEXT
from frontline.extraction.state import Candidate

_CAUSED = re.compile(r"[^,;.]{0,60}?\b(?:after|following)\b(?![^,;.]{0,40}\byears?\b)", re.I)
_STANDING = re.compile(r"\b(?:still|long|continues?\s+to|remains?|already|which|that)\s+$", re.I)
_REPELLED = re.compile(
    r"[^.;]{0,80}?\bbut\s+(?:were|was)\s+(?:\w+ly\s+)?(?:repelled|repulsed|beaten\s+back|pushed\s+back|"
    r"driven\s+back|forced\s+to\s+(?:retreat|withdraw))",
    re.I,
)
_IN_CONTROL = re.compile(r"in\s+(?:full\s+|complete\s+|total\s+)?control\b", re.I)
# "..., leaving the militants in control of X", "ended with the army in control of X"
_RESULT_LEAD = re.compile(
    r"\b(?:leaving|left|leaves|ending\s+with|ended\s+with|ends\s+with|resulting\s+in|"
    r"resulted\s+in)\s+(?:[\w'’-]+\s+){1,4}$",
    re.I,
)
_INTO = re.compile(r"\binto\b(?!\s+the\s+(?:outskirts|suburbs|edges?|approaches))", re.I)
_AFTER_LEFT = re.compile(
    r"[^.;]{0,60}?\b(?:after|following|as|when)\b[^.;]{0,50}?\b(?:withdrew|withdrawn|withdrawal|"
    r"retreated|retreat|pulled\s+out|pull-?out|fled|abandoned|vacated|left)\b",
    re.I,
)


def retype(cand: Candidate, sentence: str, text: str, e: int) -> Candidate | None:
    """The trigger as its clause tells it (`e`: the sentence's end in `text`), None when it
    names who holds a place rather than a change."""
    if _IN_CONTROL.match(sentence, cand.start) and not _RESULT_LEAD.search(
        sentence, max(0, cand.start - 60), cand.start
    ):
        return None  # "the militants in control of X imposed taxes": who holds it
    return _retyped(cand, sentence, text, e)


def _retyped(cand: Candidate, sentence: str, text: str, e: int) -> Candidate:
    """The type a trigger's clause gives it: an attempt met by fighting is a battle, control
    told with its cause is a change, a capture "but were repelled" is fighting."""
    attempt = (
        ATTEMPT.search(sentence, max(0, cand.start - 60), cand.start)
        if cand.type in ("capture", "advance") and cand.frame == "active"
        else None
    )
    if attempt and (
        DEFEATED.match(attempt[0])
        or FIGHT_AFTER.match(sentence, cand.end)
        or FIGHT_NEXT.match(text, e)
    ):
        # "tried to take X but were repelled", "attempted to overrun X, sparking
        # clashes": the attempt is fighting at X, the capture is not told
        return Candidate("battle", "active", cand.start, cand.end, attempt=True)
    if (
        cand.type == "holds"
        and sentence[cand.start : cand.end].lower() in ("controls", "control")
        and _CAUSED.match(sentence, cand.end)
        and not _STANDING.search(sentence, max(0, cand.start - 25), cand.start)
    ):
        # "Al Shabaab controls Afgooye after SNA forces withdrew": control told with the
        # event that gave it is the change, not a standing claim
        return Candidate("capture", cand.frame, cand.start, cand.end)
    if (
        cand.frame == "active"
        and (
            (cand.type == "advance" and _INTO.search(sentence, cand.start, cand.end))
            or cand.type == "reinforcement"
        )
        and _AFTER_LEFT.match(sentence, cand.end)
    ):
        # "advanced into X after SNA forces withdrew", "deployed troops to X after Al Shabaab
        # vacated it": the move into a place the other side left is its capture
        return Candidate("capture", cand.frame, cand.start, cand.end)
    if cand.type == "capture" and _REPELLED.match(sentence, cand.end):
        # "stormed SNA positions in X but were repelled": fighting, no change
        return Candidate("battle", cand.frame, cand.start, cand.end)
    return cand
