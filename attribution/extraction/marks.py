"""Quotation marks: the one set of them, and the scan of raw text (no NLP) for quoted spans.

Finds the spans of quoted passages, marks included, in every common quotation-mark style. Works on the text
exactly as given so that offsets are plain ``str`` indices. Paragraphs are lines: an unclosed quote stops at
the end of its paragraph unless the next paragraph opens with a quotation mark (the news convention for a
quote running over several paragraphs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import MINOR_WORDS
from .spans import paragraph_bounds

# opening mark -> marks that may close it
CLOSERS: dict[str, str] = {
    "\u201c": '\u201d\u201c"',  # “ ” (and “ ... “ or “ ... " typos)
    "\u201e": "\u201c\u201d",  # „ “  (German) or „ ”
    "\u00ab": "\u00bb",  # « »
    "\u2039": "\u203a",  # ‹ ›
    "\u201a": "\u2018\u2019",  # ‚ ‘  or ‚ ’
    "\u2018": "\u2019",  # ‘ ’
    '"': '"\u201d',
    "'": "'\u2019",
    "\u00bb": "\u00ab",  # » « (reversed German style)
    "\u201d": "\u201d",  # ” ” (Scandinavian style)
}
# every quotation mark the extractor knows: the scan's, the tokens' (is_quote_mark) and the names' (a name
# holding one is not clean)
QUOTE_MARKS = frozenset(CLOSERS) | frozenset("".join(CLOSERS.values())) | {"\u203a"}
# jumps from one quotation mark to the next: most characters of an article are not marks
_ANY_MARK_RE = re.compile("[" + re.escape("".join(sorted(QUOTE_MARKS))) + "]")
NESTABLE = set('\u201c\u201e\u00ab"')
OPEN_CONTEXT = set(" \t\r\n\u00a0\u2009\u202f([{\u2014\u2013-/:;,")
_WORD_RE = re.compile(r"[^\W_]", re.UNICODE)
_CONTENT_WORD_RE = re.compile(r"[^\W_][\w’'-]*")
_TWO_SENTENCES_RE = re.compile(r"[.!?]\s+\S")
# ASCII or curly single quotes that are elisions, not quotation marks: 'em, 'tis, '90s, rock 'n' roll
_ELISION_RE = re.compile(r"(?:em|tis|twas|cause|til|n|s|\d\d?s?)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    start: int  # index of the opening mark (of the space before the words when the writer left it out)
    end: int  # index after the closing mark (or after the last character kept when unclosed)
    closed: bool
    paragraphs: int  # how many paragraphs the quote runs over

    @property
    def content_slice(self) -> slice:
        return slice(self.start + 1, self.end - 1 if self.closed else self.end)


def _is_word(ch: str) -> bool:
    return bool(ch) and bool(_WORD_RE.match(ch))


# two single marks typed for one double mark: '' , ‘‘ and ’’ (“We did,’’ she said)
_DOUBLED = {"''": '"', "\u2018\u2018": "\u201c", "\u2019\u2019": "\u201d"}


def _mark(text: str, i: int) -> tuple[str, int]:
    """The quotation mark at ``i`` and its width: two single marks act as one double mark."""
    doubled = _DOUBLED.get(text[i : i + 2])
    if doubled is not None:
        return doubled, 2
    return text[i], 1


def _can_open(text: str, i: int, para_start: int, ch: str | None = None, width: int = 1) -> bool:
    ch = ch or text[i]
    prev = text[i - 1] if i > para_start else " "
    nxt = text[i + width] if i + width < len(text) else ""
    if not nxt or nxt in "\r\n":
        return False
    if ch in "\u00ab\u2039\u201e\u201a":
        return True  # unambiguous openers (French spacing may put a space after «)
    if nxt.isspace() and not _resumes(text, i + width):
        return False
    if ch == "\u201c":
        return True
    if ch in "\u2018'":
        if _is_word(prev):
            return False  # apostrophe inside or after a word
        return not _ELISION_RE.match(text, i + 1)
    # ", », ” : only where a quote can begin
    return prev in OPEN_CONTEXT or prev in "\u2018\u201c'\"" or i == para_start


def _can_close(text: str, i: int, opener: str, para_end: int, ch: str | None = None, width: int = 1) -> bool:
    ch = ch or text[i]
    if ch not in CLOSERS[opener]:
        return False
    nxt = text[i + width] if i + width < para_end else ""
    if ch in "\u2019'" and _is_word(nxt):
        return False  # don't, Macron’s
    if ch in "\u2019'" and text[i - 1].isspace():
        return False
    if ch == "\u201c" and _is_word(nxt):
        return False  # “ before a word opens a quote, never closes one
    return not (ch == '"' and text[i - 1].isspace() and _is_word(nxt))


def _resumes(text: str, i: int) -> bool:
    """Whether a quote resumes with an ellipsis at ``i`` after a space: ” … and then we left.”"""
    return text[i : i + 5].lstrip(" \u00a0").startswith(("\u2026", "..."))


def _mid_sentence(text: str, i: int) -> bool:
    """Whether the mark at ``i`` stands inside a sentence: a “ after a sentence's end inside a quote is the
    writer opening it again (“We waited. “Nobody came.”), not a quote nested in it."""
    j = i - 1
    while j > 0 and text[j] in " \u00a0":
        j -= 1
    return text[j] not in ".!?\u2026"


def _family(ch: str) -> str:
    return {"\u201e": "\u201c", "\u201a": "\u2018", "\u201d": "\u201c"}.get(ch, ch)


def scan_quotes(text: str) -> list[QuoteSpan]:
    """Return quoted spans (marks included) sorted by start; nested quotes are not reported."""
    paras = paragraph_bounds(text)
    spans: list[QuoteSpan] = []
    open_pos: int | None = None
    opener = ""
    nested: list[str] = []  # openers of quotes nested in the open one (double marks only)
    n_paras = 0
    reopened = 0  # the width of the mark re-opening a quote continued from the paragraph before
    for pi, (ps, pe) in enumerate(paras):
        i = ps
        if open_pos is not None:
            n_paras += 1
            i = ps + reopened
        while i < pe:
            found = _ANY_MARK_RE.search(text, i, pe)
            if found is None:
                break
            i = found.start()
            ch, width = _mark(text, i)
            if open_pos is None:
                if ch in CLOSERS and _can_open(text, i, ps, ch, width):
                    open_pos, opener, n_paras, nested = i, ch, 1, []
                elif spans and spans[-1].end > ps and (missing := _missing_opener(text, spans[-1], i, pe)):
                    spans.append(QuoteSpan(missing, i + width, True, 1))
            elif nested:
                if _can_close(text, i, nested[-1], pe, ch, width):
                    nested.pop()
                elif ch in NESTABLE and ch != opener and _can_open(text, i, ps, ch, width):
                    nested.append(ch)
            elif _can_close(text, i, opener, pe, ch, width):
                if _has_content(text, open_pos + 1, i):
                    spans.append(QuoteSpan(open_pos, i + width, True, n_paras))
                open_pos = None
            elif (
                ch in NESTABLE
                and opener in NESTABLE
                and (ch != opener or (ch == "\u201c" and _mid_sentence(text, i)))
                and _can_open(text, i, ps, ch, width)
            ):
                nested.append(ch)
            i += width
        if open_pos is not None:
            nxt = paras[pi + 1] if pi + 1 < len(paras) else None
            if nxt is not None:
                ch, width = _mark(text, nxt[0])
                if _family(ch) == _family(opener) and _can_open(text, nxt[0], nxt[0], ch, width):
                    nested, reopened = [], width
                    continue  # multi-paragraph quote: the next paragraph re-opens it
                if _closes_first(text, nxt, opener):
                    nested, reopened = [], 0
                    continue  # the next paragraph goes on without its mark and closes the quote
            if opener != "'" and _has_content(text, open_pos + 1, pe):
                spans.append(QuoteSpan(open_pos, pe, False, n_paras))
            open_pos = None
    return [s for s in spans if not _nickname(text, s)]


# a nickname: one to three capitalised words quoted between a given name and a surname (Marcia “Cia” Price,
# Joaquín “El Chapo” Guzmán)
_NICKNAME_RE = re.compile(r"[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){0,2}")
_NAME_BEFORE_RE = re.compile(r"(?:^|\s)([^\W\d_][\w'’.-]*) $")
_NAME_AFTER_RE = re.compile(r" [^\W\d_]")


def _nickname(text: str, span: QuoteSpan) -> bool:
    """A quoted nickname inside a name is part of the name, not anyone's words."""
    inner = text[span.start + 1 : span.end - 1] if span.closed else ""
    if not _NICKNAME_RE.fullmatch(inner) or not all(w[0].isupper() for w in inner.split()):
        return False
    before = _NAME_BEFORE_RE.search(text, max(0, span.start - 40), span.start)
    after = _NAME_AFTER_RE.match(text, span.end)
    return (
        before is not None
        and before.group(1)[0].isupper()
        and before.group(1) not in {"The", "A", "An"}
        and after is not None
        and text[span.end + 1].isupper()
    )


# “...,” she said. The words go on without their mark.” : the narration between is one short sentence
_CUE_SENTENCE_RE = re.compile(r"[ \u00a0]*[^.!?\n]{1,80}?[.!?](?=([ \u00a0])[A-Z])")
CUE_SENTENCE_WORDS = 8


def _missing_opener(text: str, before: QuoteSpan, i: int, para_end: int) -> int | None:
    """Where a quote closed at ``i`` with no opening mark began: right after the short cue sentence that
    follows the quote ``before`` in the same paragraph (“...,” Jones said. It was never ...”); None when the
    mark at ``i`` closes nothing so."""
    ends = i + 1 == para_end or text[i + 1].isspace()
    if text[i] not in '"\u201d' or text[i - 1] not in ".!?," or not ends:
        return None
    m = _CUE_SENTENCE_RE.match(text, before.end, i)
    if m is None or len(m.group(0).split()) > CUE_SENTENCE_WORDS:
        return None
    return m.start(1)  # the space before the words stands for their missing mark


def _closes_first(text: str, para: tuple[int, int], opener: str) -> bool:
    """Whether the first quotation mark of paragraph ``para`` can only close a quote of ``opener``."""
    found = _ANY_MARK_RE.search(text, *para)
    if found is None:
        return False
    i = found.start()
    ch, width = _mark(text, i)
    return _can_close(text, i, opener, para[1], ch, width) and not _can_open(text, i, para[0], ch, width)


def _has_content(text: str, start: int, end: int) -> bool:
    return any(_is_word(c) for c in text[start:end])


def content_words(text: str, span: QuoteSpan) -> int:
    return len(_CONTENT_WORD_RE.findall(text[span.content_slice]))


def ends_with_sentence_punct(text: str, span: QuoteSpan) -> bool:
    inner = text[span.content_slice].rstrip()
    return bool(inner) and inner[-1] in ".?!,;:\u2026"


def parser_friendly(text: str, spans: list[QuoteSpan]) -> str:
    """Same-length copy of ``text`` where the marks of found quotes become “ and ” (the parser knows them).

    Because each mark is replaced by one character, offsets into the copy equal offsets into ``text``.
    """
    chars = list(text)
    for sp in spans:
        if chars[sp.start] not in '\u201c"':
            chars[sp.start] = "\u201c"
        if sp.closed and chars[sp.end - 1] not in '\u201d"':
            chars[sp.end - 1] = "\u201d"
    return "".join(chars)


def looks_like_title(content: str) -> bool:
    """A quoted title or name ("Morning Joe", "The Art of the Deal"): every major word capitalised."""
    if _TWO_SENTENCES_RE.search(content.strip()):
        return False  # two sentences: speech, not a title
    words = [w.strip(".,;:!?\u2026()[]\"'\u2018\u2019\u201c\u201d") for w in content.split()]
    words = [w for w in words if w]
    if not words or len(words) > 8:
        return False
    major = [w for w in words if w.lower() not in MINOR_WORDS]
    return bool(major) and all(w[0].isupper() or w[0].isdigit() for w in major) and words[0][0].isupper()
