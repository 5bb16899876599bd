"""Web furniture: the parts of a pasted web page that are nobody's speech.

Link lines and related-story headlines ("READ MORE: ...", "WATCH: ...", "Related: ..."), photo captions and
their credits ("... (Jane Doe/The Canadian Press)"), gallery and share widgets, bylines, sign-offs and
headline-like lines (subheads). A scan of the raw text, paragraph by paragraph (no NLP): the stages find no
quote there and the speaker resolver takes no mention from there, so a photo credit never becomes the
speaker of the next quote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .marks import QUOTE_MARKS
from .spans import Bounds

_NAME = r"[A-Z][\w.'\u2019-]*(?:[ \u00a0][A-Z][\w.'\u2019-]*){0,3}"
# news agencies and outlets that sign photos and copy
_AGENCY = (
    r"(?:The[ \u00a0])?(?:Canadian[ \u00a0]Press|Associated[ \u00a0]Press|Press[ \u00a0]Association|CP|AP|PA"
    r"|Reuters|AFP|Bloomberg|Getty[ \u00a0]Images|CBC(?:[ \u00a0]News)?|CTV(?:[ \u00a0]News)?"
    r"|Global[ \u00a0]News|Postmedia(?:[ \u00a0]News)?|Globe[ \u00a0]and[ \u00a0]Mail|Toronto[ \u00a0]Star"
    r"|National[ \u00a0]Post|HuffPost|EPA|Xinhua|Shutterstock|iStock)"
)
# a label that opens a link to another page: "READ MORE: ...", "WATCH | ...", "Related: ..."
LINK_LABEL_RE = re.compile(
    r"(?:READ[ \u00a0]MORE|READ|MORE|WATCH(?:[ \u00a0](?:BELOW|LIVE|NOW|MORE|ABOVE))?|RELATED(?:[ \u00a0]"
    r"(?:STORY|STORIES|CONTENT|LINKS?|VIDEO|READING))?|RELEVANT[ \u00a0]READING|SEE[ \u00a0]ALSO"
    r"|ALSO[ \u00a0](?:READ|SEE|WATCH|ON[ \u00a0][\w ]{1,30})|LISTEN(?:[ \u00a0]BELOW)?|VIDEO|PHOTOS?"
    r"|GALLERY|CLICK[ \u00a0]HERE|MORE[ \u00a0]FROM[ \u00a0][\w ]{1,30}|TRENDING|RECOMMENDED"
    r"|EDITOR'S[ \u00a0]PICKS?"
    r")[ \u00a0]*(?::|\||\u2014|\u2013|>>)",
    re.IGNORECASE,
)
# a whole paragraph that is a page widget, a promotion or a sign-off
WIDGET_RE = re.compile(
    r"(?:(?i:Story[ \u00a0]continues[ \u00a0]below(?:[ \u00a0]advertisement)?|Article[ \u00a0]continue[sd]"
    r"[ \u00a0]below|Advertisement|Continue[ \u00a0]reading[ \u00a0]below)|\d+[ \u00a0]of[ \u00a0]\d+"
    r"|(?:Photo|Image)[ \u00a0]gallery\b.*|Open[ \u00a0]this[ \u00a0]photo[ \u00a0]in[ \u00a0]gallery\b.*"
    r"|(?:Next|Previous)[ \u00a0](?:slide|photo|image)|Skip[ \u00a0]to[ \u00a0]\w+.*|Share[ \u00a0]this\b.*"
    r"|(?:Share|Tweet|Email|Print|Comments?)"
    r"(?:[ \u00a0]*[|/,][ \u00a0]*(?:Share|Tweet|Email|Print|Comments?))+"
    r"|Click[ \u00a0]here\b.*|(?:Sign[ \u00a0]up|Subscribe)[ \u00a0](?:for|to|now)\b.*"
    r"|(?:Follow|Contact|Reach|Email)\b.{0,60}\b(?:on[ \u00a0](?:Twitter|Facebook|Instagram)|at[ \u00a0]@).*"
    r"|[-\u2013\u2014 ]*With[ \u00a0]files[ \u00a0]from\b.*"
    r"|(?i:Editor['\u2019]?s[ \u00a0]+note)[ \u00a0]*[:\u2014\u2013].*"
    r"|<tweet\b.*"  # an embedded post's markup (its words, when it keeps them, are a quote: ``signed``)
    r"|[-\u2013\u2014 ]*(?:[A-Z][\w ,.'\u2019-]{0,60}[ \u00a0])?contributed[ \u00a0]to[ \u00a0]this[ \u00a0]"
    r"(?:report|story|article)\b.*"
    r"|(?:By[ \u00a0])?" + _NAME + r"(?:,?[ \u00a0]and[ \u00a0]" + _NAME + r")?,[ \u00a0]" + _AGENCY + r"\.?"
    r"|By[ \u00a0]" + _NAME + r"(?:,?[ \u00a0]and[ \u00a0]" + _NAME + r")?"
    r"|(?:FILE[ \u00a0])?PHOTO:.*|(?:File[ \u00a0])?Photo:.*|Photograph:.*"
    r"|\(?(?:File|Handout)[ \u00a0]photo\)?.*"
    r")[ \u00a0]*",
)
# a photo credit ending a caption: "(Jane Doe/The Canadian Press)", "(CBC)", ". Jane Doe/Reuters."
CREDIT_END_RE = re.compile(
    r"(?:\([ \u00a0]?(?:"
    + _NAME
    + r"[ \u00a0]?/[ \u00a0]?[^()]{2,60}|"
    + _AGENCY
    + r"|File|Handout|Submitted|Supplied)[ \u00a0]?\)"
    r"|(?<=[.!?)][ \u00a0])" + _NAME + r"[ \u00a0]?/[ \u00a0]?" + _AGENCY + r"(?:/File[ \u00a0]Photo)?\.?"
    r"|(?<=[.!?)][ \u00a0])" + _AGENCY + r"\.?)[ \u00a0]*$"
)
# a photo credit glued before its caption: "The Canadian Press Prime Minister ...", "Jane Doe/CP A gas ...";
# without a photographer's name only an agency that never opens a sentence with a capital after it ("CP Rail
# said", "Bloomberg News reported" are sentences)
CREDIT_START_RE = re.compile(
    r"(?:The[ \u00a0](?:Canadian|Associated)[ \u00a0]Press|Getty[ \u00a0]Images"
    r"|" + _NAME + r"[ \u00a0]?/[ \u00a0]?(?:[\w ]{0,30}via[ \u00a0])?" + _AGENCY + r")"
    r"[ \u00a0]+(?=[A-Z])"
)
# a headline giving a named source's words ("Jane Doe: Transit Fares Must Fall"): the speaker-label stage
# weighs it
NAMED_LABEL_RE = re.compile(r"[A-Z][\w.'\u2019-]+(?:[ \u00a0][A-Z][\w.'\u2019-]+){1,3}:[ \u00a0]")
# an embedded social-media post: its words, maybe a link, then "— Jane Doe (@janedoe) May 2, 2019"
POST_RE = re.compile(
    r"(?P<words>.*?\S)[ \u00a0]*(?:(?:https?://|pic\.twitter\.com/)\S*[ \u00a0]*)*[\u2014\u2013-][ \u00a0]*"
    r"(?P<name>[^()\n\u2014\u2013]{1,60}?)[ \u00a0]*\(@\w+\)[ \u00a0]*[A-Z][a-z]{2,8}\.?[ \u00a0]\d{1,2},"
    r"[ \u00a0]\d{4}\.?[ \u00a0]*"
)
# the same post kept as markup: <tweet author="janedoe" ...>The pier reopens Monday!</tweet>
POST_MARKUP_RE = re.compile(
    r'<tweet\b[^>]*?[ ]author="(?P<name>[^"<>]+)"[^>]*>(?P<words>[^<]*\w[^<]*)</tweet>'
)
# a pull quote: someone's words set apart and signed with their name after a sentence's end ("... worth it.
# Jane Doe"; the initial of "Jane Q. Doe" ends no sentence)
PULL_QUOTE_RE = re.compile(r"(?<=[\w)\]]{2}[.!?\u2026])[ \u00a0]+(" + _NAME + r")[ \u00a0]*\Z")
# a pull quote speaks in the first or second person (a caption signed by its photographer does not)
_SPEAKING_RE = re.compile(r"\b(?:I|(?i:me|my|we|us|our|you|your))\b")
PULL_QUOTE_WORDS = 6
# what ends a sentence of running text (a headline has none of it)
_FINAL = set(".!?:;,)\u2026") | QUOTE_MARKS
HEADLINE_WORDS = 14


def furniture_bounds(text: str, paragraphs: Sequence[Bounds]) -> tuple[Bounds, ...]:
    """The paragraphs of ``text`` that are web furniture, sorted (whole paragraphs).

    Short lines after a paragraph ending with a colon are the items of a list it introduces ("She set
    three goals:"), not headlines. A line opening in lower case goes on with a note or a widget broken
    over lines.
    """
    out = []
    listing = note = False
    for ps, pe in paragraphs:
        para = text[ps:pe]
        note = is_furniture(para) or (note and para[:1].islower())
        if note or (not listing and is_headline(para)):
            out.append((ps, pe))
        else:
            listing = para.rstrip().endswith(":") or (listing and len(para.split()) <= HEADLINE_WORDS)
    return tuple(out)


def signed(para: str) -> tuple[Bounds, Bounds, bool] | None:
    """The bounds in ``para`` of the words and of the author's name of an embedded post or a pull quote,
    and whether it is a post; None for another paragraph."""
    if "(@" in para and (m := POST_RE.fullmatch(para)) is not None:
        return m.span("words"), m.span("name"), True
    if para.startswith("<tweet") and (m := POST_MARKUP_RE.match(para)) is not None:
        return m.span("words"), m.span("name"), True
    m = PULL_QUOTE_RE.search(para)
    if m is None or m.start() == 0:
        return None
    words = para[: m.start()]
    if len(words.split()) < PULL_QUOTE_WORDS or not _SPEAKING_RE.search(words):
        return None
    return (0, m.start()), m.span(1), False


_OUTLET_RE = re.compile(_AGENCY + r"(?:[ \u00a0]News)?")


def is_outlet_name(line: str) -> bool:
    """Whether a line is nothing but the name of an agency or outlet ("CBC News", "The Canadian Press")."""
    return _OUTLET_RE.fullmatch(line.strip()) is not None


def is_furniture(para: str) -> bool:
    """Whether a paragraph is a link line, a widget, a byline or a photo caption."""
    if LINK_LABEL_RE.match(para) or WIDGET_RE.fullmatch(para):
        return True
    return has_credit(para)


def has_credit(para: str) -> bool:
    """Whether a paragraph is a photo caption: a credit ends it, or opens it."""
    return bool(CREDIT_END_RE.search(para)) or _credit_first(para)


def _credit_first(para: str) -> bool:
    """A caption that opens with its credit: "The Canadian Press Prime Minister Jane Doe speaks ..."."""
    m = CREDIT_START_RE.match(para)
    # "The Canadian Press reported ...": the agency as the subject of a sentence is no credit
    return m is not None and not any(c in QUOTE_MARKS for c in para)


def is_headline(para: str) -> bool:
    """A short line with no final punctuation that opens with no quotation mark, or is wholly quoted ('“A
    Storm Like No Other”'): a subhead or the headline of another story. A line ending with a colon
    introduces what follows and is not one."""
    para = para.strip()
    end = para.rstrip("".join(QUOTE_MARKS))  # 'Captain Says “Safety First”': the quote's last word ends it
    opens_quote = para[0] in QUOTE_MARKS and para[-1] not in QUOTE_MARKS
    if not end or end[-1] in _FINAL or opens_quote or para[0] in "(-\u2013\u2014*\u2022":
        return False
    if NAMED_LABEL_RE.match(para):
        return False
    words = para.split()
    return len(words) <= HEADLINE_WORDS and para.lstrip("".join(QUOTE_MARKS))[:1].isupper()
