"""What a cue governs: the token range of its reported content (a clause, an object, the rest of the
sentence) and, from it, the character bounds of the content."""

from __future__ import annotations

from spacy.tokens import Token

from .chunk import Chunk
from .cues import SENT_END
from .lexicon import (
    CLAIM_NOUNS,
    CONCESSIVE,
    CONTENT_NOUN_VERBS,
    CONTENT_NOUNS,
    CONTENT_PREPS,
    NOMINAL_CONTENT_VERBS,
    NOMINAL_REPORT_VERBS,
    NON_HUMAN_NOUNS,
    OCCASION_NOUNS,
    SAID_THINGS,
    SAY_VERBS,
    SOURCE_NOUNS,
    SPEECH_VERBS,
    TELL_VERBS,
    is_person_noun,
)
from .spans import TRIM, Bounds, overlapping
from .tokens import is_quote_mark, is_speech_verb


def content_tokens(v: Token) -> tuple[int, int, bool] | None:
    """Token range [i, j) of what speech verb ``v`` reports (its content clause, its object or infinitive
    for verbs like "urged", the clause around a parenthetical "he explained"), and whether ``v`` is such a
    parenthetical."""
    lemma = v.lemma_.lower()
    ccomps = [c for c in v.children if c.dep_ == "ccomp" and not is_quote_mark(c)]
    if not ccomps:  # "tweeted that X was ...", "said after the vote he would ...", parsed as adverbial
        ccomps = [c for c in v.children if c.dep_ == "advcl" and c.i > v.i and _reported_advcl(c, lemma)]
    doc = v.doc

    def same_sentence(c: Token) -> bool:
        a, b = (v.i + 1, c.left_edge.i) if c.i > v.i else (c.right_edge.i + 1, v.i)
        return not any(t.text in SENT_END for t in doc[a:b])

    # "“...,” he said, eyes welling up with tears": a participle with its own subject describes the speaker
    ccomps = [c for c in ccomps if same_sentence(c) and not _absolute(c)]
    if ccomps:
        marked = [c for c in ccomps if any(m.dep_ == "mark" for m in c.children)]
        subj_left = any(c.dep_ in {"nsubj", "nsubjpass"} and c.i < v.i for c in v.children)
        right = [c for c in ccomps if c.i > v.i]
        c = right[0] if (subj_left and right) else marked[0] if marked else ccomps[0]
        i, j = c.left_edge.i, c.right_edge.i + 1
        if c.i > v.i:
            # "said (that) A and B": both clauses, up to a clause that is a report of its own ("and
            # Democrats accused ...")
            reports = [d.i for d in v.children if d.i > c.i and is_speech_verb(d, weak_ok=False)]
            for later in sorted((r for r in right + _joined_clauses(v) if r.i > c.i), key=lambda r: r.i):
                if any(k <= later.i for k in reports):
                    break
                j = max(j, later.right_edge.i + 1)
        i, j = _with_stray_parts(v, c, i, j)
        listener = next((s for s in c.children if s.dep_ == "nsubj" and s.i < c.i), None)
        if lemma in TELL_VERBS | NOMINAL_CONTENT_VERBS and listener is not None and _infinitive(c):
            i = max(i, listener.right_edge.i + 1)  # "advised residents never to run ...": who heard it
        while c.left_edge.i == v.i + 1 and i < c.i and doc[i].ent_type_ in {"DATE", "TIME"}:
            i += 1  # "said Monday the budget was balanced": the day of saying
        return i, j, False
    head = v.head
    if (
        v.dep_ == "advmod"
        and head.i > v.i
        and head.pos_ in {"VERB", "AUX"}
        and lemma in SAY_VERBS
        and any(c.dep_ in {"nsubj", "nsubjpass"} and c.i > v.i for c in head.children)
    ):
        return v.i + 1, head.right_edge.i + 1, False  # "McNeely said disease can ...", "said" as an adverb
    obj = next((c for c in v.rights if c.dep_ == "dobj"), None)
    if lemma == "say" and obj is not None and _clause_taken_for_object(obj):
        return obj.left_edge.i, obj.right_edge.i + 1, False  # "said many of the examples ... failed to"
    if lemma in TELL_VERBS:
        # "told a meeting of leaders that ...": the parser often hangs the clause on the object
        for c in v.children:
            if c.dep_ in {"dobj", "dative"}:
                for cc in c.subtree:
                    if cc.dep_ in {"relcl", "acl", "ccomp"} and any(
                        m.dep_ == "mark" and m.lower_ == "that" and m.i == cc.left_edge.i for m in cc.children
                    ):
                        return cc.left_edge.i, cc.right_edge.i + 1, False
    for c in v.children:
        if c.dep_ == "dobj" and c.lemma_.lower() in CONTENT_NOUNS and lemma in CONTENT_NOUN_VERBS | {"say"}:
            for cc in c.children:
                if cc.dep_ in {"acl", "ccomp", "relcl"} and any(
                    m.dep_ == "mark" and m.lower_ == "that" for m in cc.children
                ):
                    return cc.left_edge.i, cc.right_edge.i + 1, False
    if lemma == "describe":
        obj = next((c for c in v.children if c.dep_ == "dobj"), None)
        as_ = next((c for c in v.children if c.dep_ == "prep" and c.lower_ == "as"), None)
        if obj is not None and as_ is not None:
            return obj.left_edge.i, as_.right_edge.i + 1, False
    if lemma == "deny" and any(
        c.dep_ in {"dobj", "dative"} and (c.pos_ == "PROPN" or c.ent_type_) for c in v.children
    ):
        return None  # "denied the Flames on several chances": kept from, not said
    if lemma == "cite" and any(c.dep_ == "dobj" and _a_source(c) for c in v.children):
        return None  # "cites an interview with an operator", "citing officials": the source, not what it says
    told_to = _told_to(v)
    if lemma in NOMINAL_CONTENT_VERBS or lemma in NOMINAL_REPORT_VERBS or told_to is not None:
        # "urged Republicans to act", "called for a recount", "criticized the law as unfair"
        parts = [
            c
            for c in v.rights
            if c.dep_ in {"dobj", "xcomp", "oprd", "dative"}
            or (c.dep_ == "prep" and c.lower_ in CONTENT_PREPS)
            or (c.dep_ == "prt" and c.lower_ == "for")
        ]
        if parts:
            a, b = parts[0].left_edge.i, parts[-1].right_edge.i + 1
            if parts[0].dep_ in {"prt", "prep"}:
                a = parts[0].i + 1  # "called for X", "spoke of X": X
            if told_to is not None:
                a = told_to.left_edge.i  # "told workers to install X": to install X, not who heard it
            if b - a >= 2:
                return a, b, False
    deps = {c.dep_ for c in v.children}
    # "X, he told me, Y": the object of "told" is who heard it, not what was said
    blocking = {"ccomp", "xcomp"} if lemma in TELL_VERBS else {"dobj", "ccomp", "xcomp"}
    if v.dep_ == "parataxis" and "nsubj" in deps and not deps & blocking:
        head = v.head  # "X, he explained, Y": the content is the clause around the cue
        if head.dep_ in {"advcl", "csubj", "nsubj", "nsubjpass"} and head.head.i > v.i:
            head = head.head  # "Though X, he said, Y", "The gap, she said, is Y": the clause both open
        j = head.right_edge.i + 1
        more = continued_content(v)
        if more is not None:
            j = max(j, more.right_edge.i + 1)
        return head.left_edge.i, j, True
    return None


def continued_content(v: Token) -> Token | None:
    """The predicate joined to a parenthetical cue that goes on with the content, its subject the content's:
    "The drugs have few uses, he says, and are meant for short use" (the parse joins "are meant" to "says").
    A cue that ends its sentence's content is the narrator's main verb, and what is joined to it ("X, he
    said, and left") is the narrator's."""
    if v.dep_ != "parataxis":
        return None
    for c in v.rights:
        if (
            c.dep_ == "conj"
            and c.pos_ in {"VERB", "AUX"}
            and not any(d.dep_ in {"nsubj", "nsubjpass", "expl"} for d in c.children)
            and v.doc[c.left_edge.i - 1].lower_ == "and"
        ):
            return c
    return None


def _clause_taken_for_object(obj: Token) -> bool:
    """Whether the object of "said" is a clause the parser took for a noun phrase: one says words, not "many
    of the examples", so an object whose words hold a finite verb that heads no relative clause or modifier
    of its own is the subject of that verb ("said many of the examples that critics cite failed to ...")."""
    if obj.pos_ not in {"NOUN", "ADJ", "PROPN", "NUM"} or obj.lemma_.lower() in SAID_THINGS:
        return False
    return any(
        t.i > obj.i and t.tag_ in {"VBD", "VBZ", "VBP", "MD"} and t.dep_ not in {"relcl", "acl"}
        for t in obj.subtree
    )


def _infinitive(v: Token) -> bool:
    return any(a.dep_ == "aux" and a.lower_ == "to" for a in v.children)


def _told_to(v: Token) -> Token | None:
    """The infinitive a listener is told, urged or asked to carry out: "told workers to install ...",
    "urged residents to conserve water" (three words at least: "told her to leave" reports no words)."""
    if v.lemma_.lower() not in TELL_VERBS | NOMINAL_CONTENT_VERBS:
        return None
    if not any(c.dep_ in {"dobj", "dative"} and c.i > v.i for c in v.children):
        return None
    for c in v.rights:
        if c.dep_ == "xcomp" and _infinitive(c):
            return c if c.right_edge.i - c.left_edge.i >= 2 else None
    return None


def _with_stray_parts(v: Token, c: Token, i: int, j: int) -> tuple[int, int]:
    """The content [i, j) of clause ``c`` grown over what the parse hung on speech verb ``v`` instead: the
    subject it took for an object ("said smaller brewers ... are likely to suffer"), a condition opening the
    content ("said when X, Y") and, before a closing "X said", the rest of the content ("A shot B, C and D
    in the home, police said")."""
    subjects = {"nsubj", "nsubjpass", "expl", "csubj"}
    if c.i > v.i and v.lemma_.lower() not in TELL_VERBS and not any(d.dep_ in subjects for d in c.children):
        obj = next((d for d in v.children if d.dep_ == "dobj" and v.i < d.i < c.i), None)
        if obj is not None:
            i = obj.left_edge.i
    if c.i > v.i:
        # "said when they dismiss it, he is insulting ...": the condition opening the content
        cond = next(
            (d for d in v.children if d.dep_ == "advcl" and v.i < d.i < c.i and _opens_clause(d)), None
        )
        end = cond.right_edge.i + 1 if cond is not None else 0
        if cond is not None and cond.doc[end].text == "," and c.left_edge.i <= end + 1:
            i = min(i, cond.left_edge.i)
    subj = next((d for d in v.children if d.dep_ in {"nsubj", "nsubjpass"}), None)
    if c.i < v.i and subj is not None and c.right_edge.i < subj.left_edge.i < v.i:
        j = subj.left_edge.i
    return i, j


def _opens_clause(d: Token) -> bool:
    """Whether adverbial clause ``d`` opens with a conjunction of time or condition ("when", "if")."""
    return d.left_edge.lower_ in {"when", "if", "while", "because", "although", "though", "once", "unless"}


def _joined_clauses(v: Token) -> list[Token]:
    """Clauses with their own subject that the parse joined to speech verb ``v`` rather than to its
    content: "says A, and B", "said A but that B" (not "said A, but B declined": the narrator's)."""
    out = []
    for c in v.children:
        deps = {d.dep_: d.lower_ for d in c.children}
        if c.dep_ == "conj" and c.i > v.i and deps.keys() & {"nsubj", "nsubjpass", "expl"}:
            cc = next((d.lower_ for d in v.children if d.dep_ == "cc" and d.i < c.i), None)
            if deps.get("mark") == "that" or cc == "and":
                out.append(c)
    return out


def _reported_advcl(c: Token, lemma: str) -> bool:
    """Whether adverbial clause ``c`` of a speech verb is what it reports: one opening with "that", or for
    the plainest verbs one with a subject and no conjunction ("said after the vote he would resign")."""
    if c.left_edge.lower_ == "that":
        return True
    deps = {d.dep_ for d in c.children}
    return lemma in SAY_VERBS and "nsubj" in deps and not deps & {"mark", "advmod"} and c.tag_ != "VBG"


def _a_source(obj: Token) -> bool:
    """Whether the object of "cite" names who or what was cited rather than what it says."""
    lemma = obj.lemma_.lower()
    return (
        obj.ent_type_ in {"PERSON", "ORG"}
        or lemma in NON_HUMAN_NOUNS
        or lemma in SOURCE_NOUNS
        or is_person_noun(lemma)
    )


def _absolute(c: Token) -> bool:
    """An absolute participle ("eyes welling up"): a gerund with a subject and no auxiliary or conjunction."""
    deps = {d.dep_ for d in c.children}
    return c.tag_ == "VBG" and "nsubj" in deps and not deps & {"aux", "auxpass", "mark"}


def claim_noun(tok: Token) -> tuple[Token, Token] | None:
    """(owner, clause) for a reporting noun with a possessor or an agent and a that-clause: "Trump's claim
    that ...", "warnings from his lawyer that ...";
    or for a speech verb tagged as a plural noun after its subject: "Trump claims that ..."."""
    if tok.pos_ != "NOUN":
        return None
    lemma = tok.lemma_.lower()
    owner = None
    if lemma in CLAIM_NOUNS:
        owner = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ not in {"its", "their"}), None)
        owner = owner or _agent_of(tok)
    bare = not any(c.dep_ in {"det", "poss", "amod"} for c in tok.children)
    if owner is None and lemma in SPEECH_VERBS and tok.tag_ == "NNS" and bare:
        owner = next((c for c in tok.lefts if c.dep_ in {"compound", "nsubj"} and c.text.istitle()), None)
    if owner is None:
        return None
    for c in tok.children:
        marked = any(m.dep_ == "mark" for m in c.children)
        if c.dep_ in {"acl", "ccomp", "relcl"} and c.i > tok.i and c.left_edge.lower_ == "that" and marked:
            return owner, c
    return None


def _agent_of(noun: Token) -> Token | None:
    """Who a reporting noun comes from: "warnings from his lawyer", "a claim by the company"."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in {"from", "by"} and prep.i > noun.i:
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def according_content(tok: Token) -> tuple[int, int] | None:
    """Token range [i, j) of what "according to X" attributes: the side of the sentence beside it."""
    head = tok.head
    sent = tok.sent
    if head.i == tok.i:
        # the parse hung the sentence on "according": "According to X, the move reeks of fear"
        comma = next((t for t in tok.subtree if t.text == "," and t.i > tok.i + 1), None)
        return (comma.i + 1, sent.end) if comma is not None and tok.i == sent.start else None
    a, b = tok.left_edge.i, tok.right_edge.i + 1
    left = (sent.start, a)
    right = (b, sent.end)
    for side in (left, right):  # the side holding the main verb is the content, however long the other
        if side[0] <= sent.root.i < side[1]:
            return side
    return left if left[1] - left[0] > right[1] - right[0] else right


def clause_bounds(chunk: Chunk, i: int, j: int) -> Bounds | None:
    """Character bounds of the reported content in tokens [i, j) of the chunk: without "that", without a
    second report joined to it, widened over quotes it cuts and trimmed of punctuation; None when too short
    or over a paragraph break."""
    doc, offset = chunk.doc, chunk.offset
    if i < j and doc[i].lower_ == "that" and doc[i].dep_ == "mark":
        i += 1
    for k in range(i + 1, j):
        # a second report joined to the content ("... and warned that", ", arguing that") is not content
        t = doc[k]
        if t.dep_ in {"conj", "advcl"} and i <= t.head.i < j and _second_report(t):
            j = min(j, t.left_edge.i)
            while j > i and (doc[j - 1].is_punct or doc[j - 1].dep_ == "cc" or doc[j - 1].is_space):
                j -= 1
            break
    j = _trim_tail(chunk, i, j)
    if i >= j:
        return None
    start, end = offset + doc[i].idx, offset + doc[j - 1].idx + len(doc[j - 1])
    # grow to cover quotes cut in the middle
    for qs, qe in overlapping((start, end), chunk.span_bounds):
        start, end = min(start, qs), max(end, qe)
    while start < end and chunk.text[start] in TRIM:
        start += 1
    while end > start and chunk.text[end - 1] in TRIM and not chunk.in_quote(end - 1):
        end -= 1
    if end - start < 8 or "\n" in chunk.text[start:end]:
        return None  # too short, or a parse running over a paragraph break
    return start, end


def _second_report(t: Token) -> bool:
    """Whether verb ``t``, joined to a content clause, reports on its own: "and warned that", ", arguing
    that", "before adding"; not a subordinate clause that only holds a speech verb ("because they had asked
    for it", "when asked to", "called her to express thanks")."""
    if not is_speech_verb(t, weak_ok=False):
        return False
    if any(c.dep_ == "auxpass" for c in t.children):
        return False  # "and are asked to work longer": what others said to them
    if t.dep_ == "conj" or t.tag_ == "VBG":
        return True
    return not any(
        c.dep_ == "mark" or (c.dep_ == "aux" and c.lower_ == "to") or c.tag_ == "WRB" for c in t.children
    )


def _trim_tail(chunk: Chunk, i: int, j: int) -> int:
    """End of the content [i, j) without what the narrator adds after it: a description closing it of the
    last name (", the existing alliance"), a concession (", although he refused") or the occasion ("in a
    statement on Thursday"). Cut only outside quotes: a quote is the speaker's words whatever its grammar."""
    doc, offset = chunk.doc, chunk.offset
    for k in range(i + 2, j):
        t = doc[k]
        if chunk.in_quote(offset + t.idx):
            continue
        if doc[k - 1].text != "," or chunk.in_quote(offset + doc[k - 1].idx):
            if (
                t.dep_ == "prep"
                and _is_occasion(t)
                and t.head.i < k
                and _only_setting(doc, t.right_edge.i + 1, j)
            ):
                return k  # "called for more investment in a statement on Thursday"
            continue
        if t.lower_ in CONCESSIVE and t.dep_ == "mark":
            return k - 1
        if t.lower_ == "the" and t.head.dep_ == "appos" and t.head.pos_ == "NOUN" and t.head.left_edge.i == k:
            appos = t.head  # a description of the last name: "NATO, the existing alliance that ..."
            if appos.right_edge.i >= _last(doc, j) and i <= appos.head.i < k and appos.head.pos_ == "PROPN":
                return k - 1
    return j


def _last(doc, j: int) -> int:
    """The last token of [.., j) that is not punctuation."""
    while j - 1 > 0 and doc[j - 1].is_punct:
        j -= 1
    return j - 1


def _only_setting(doc, k: int, j: int) -> bool:
    """Whether tokens [k, j) are only punctuation and times ("on Thursday", "last week")."""
    return all(t.is_punct or t.ent_type_ in {"DATE", "TIME"} or t.dep_ == "prep" for t in doc[k:j])


def _is_occasion(prep: Token) -> bool:
    """ "in a statement", "during an interview", "on Twitter": where something was said, not what."""
    if prep.lower_ not in {"in", "during", "on", "at"}:
        return False
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is None or obj.lemma_.lower() not in OCCASION_NOUNS:
        return False
    return not any(c.dep_ == "relcl" for c in obj.children)  # "in interviews, which she gave when ...": more
