"""Cues: the speech verb (or "according to", a dash, a label) that marks a quote, and who it names."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span, Token

from .chunk import Chunk, Cue
from .lexicon import GROUP_NOUNS, NON_HUMAN_NOUNS, ORG_NOUNS, RELAY_VERBS, TITLES, is_person_noun
from .marks import QUOTE_MARKS
from .referents import is_agent_noun
from .tokens import NON_SPEAKER_ENTS, is_nominal, relative_antecedent

SENT_END = {".", "!", "?"}
DASHES = {"\u2015", "\u2014", "\u2013", "-", "--"}
# verbs whose object is the listener, never the speaker: "told reporters"
NO_RIGHT_SUBJECT = {"tell", "ask", "inform", "remind", "assure", "urge", "advise", "warn", "quote", "cite"}
# what the author of a document does with it: "a statement released by", not "a memo obtained by"
AUTHORED = frozenset(
    {"release", "issue", "publish", "write", "send", "mail", "email", "post", "sign", "prepare", "file"}
    | {"submit", "draft", "produce", "commission", "distribute", "circulate", "deliver", "put"}
)
AGES = frozenset({"year", "month", "week"})  # "a 26-year-old", "the six-month-old"
# what shows someone speaking: "footage of Ann Lee saying"
RECORDINGS = frozenset({"footage", "video", "clip", "recording", "tape", "audio", "film", "broadcast"})
# verbs whose object carries out their infinitive: "prompting the city to urge", "pressed him to explain"
OBJECT_CONTROL = frozenset(
    {"prompt", "force", "lead", "cause", "push", "press", "compel", "encourage", "invite", "allow", "ask"}
    | {"urge", "persuade", "convince", "require", "pressure", "get", "inspire", "spur", "move", "drive"}
)
SPEAKER_WORDS = (TITLES, ORG_NOUNS, NON_HUMAN_NOUNS, GROUP_NOUNS)


def make_cue(chunk: Chunk, tok: Token, after: Span | None = None) -> Cue:
    """The cue of token ``tok`` and its speaker's head token; ``after`` is the quote a verb follows (a
    subject the parse missed is looked for between them). A speaker inside a quote is no speaker."""
    offset = chunk.offset
    if tok.text in DASHES:
        names = [t for t in tok.doc[tok.i + 1 : tok.i + 6] if t.pos_ == "PROPN"]
        return Cue(tok, offset, names[-1] if names else None, tok.text)

    # a word in a quote, or in web furniture (a photo credit the parse took for a subject), speaks for no one
    def hidden(t: Token) -> bool:
        return chunk.in_quote(offset + t.idx) or chunk.in_furniture(offset + t.idx)

    head = speaker_head(tok, quoted=hidden)
    if head is None and after is not None:
        head = fallback_subject(tok, after)
    if head is not None and hidden(head):
        head = None
    doc, k = tok.doc, tok.sent.start
    while k < tok.i and doc[k].is_space:
        k += 1
    first = doc[k]  # the sentence's first word
    glued = chunk.in_furniture(offset + first.idx) or any(
        c.dep_ in {"nsubj", "nsubjpass"} and chunk.in_furniture(offset + c.idx) for c in tok.children
    )
    if glued and (head is None or not _same_paragraph(chunk, head, tok)):
        head = subject_after_furniture(chunk, tok)
    return Cue(tok, offset, head, cue_text(tok))


def subject_after_furniture(chunk: Chunk, verb: Token) -> Token | None:
    """The speaker of a verb whose sentence the parse glued to the furniture line before it ("Related story
    headline ¶ Party Leader Jane Doe says ..."): in the verb's own paragraph before it, the last person named,
    else the first noun phrase (the subject of a news sentence)."""
    offset = chunk.offset
    ps = chunk.paragraphs[chunk.para_index(offset + verb.idx)][0]
    before = [
        t
        for t in verb.doc[verb.sent.start : verb.i]
        if offset + t.idx >= ps and not chunk.in_quote(offset + t.idx) and is_nominal(t)
    ]
    people = [t for t in before if t.ent_type_ == "PERSON"]
    heads = [t for t in before if t.dep_ not in {"compound", "amod", "poss", "det"}]
    return people[-1] if people else (heads or [None])[0]


def _same_paragraph(chunk: Chunk, a: Token, b: Token) -> bool:
    return chunk.para_index(chunk.offset + a.idx) == chunk.para_index(chunk.offset + b.idx)


def cue_text(tok: Token) -> str:
    if tok.lower_ == "according":
        return "according to"
    prt = [c for c in tok.children if c.dep_ == "prt"]
    return tok.text + (" " + prt[0].text if prt else "")


def fallback_subject(verb: Token, quote: Span) -> Token | None:
    """When the parse gives a cue verb no subject: the nearest name or noun between the quote and the verb,
    else right after the verb ("...,” said Jane Doe")."""
    doc = verb.doc
    between = [
        t
        for t in doc[quote.end : verb.i]
        if t.pos_ in {"PROPN", "NOUN"} and t.ent_type_ not in NON_SPEAKER_ENTS
    ]
    if between:
        people = [t for t in between if t.ent_type_ == "PERSON"]
        return (people or between)[-1]
    for t in doc[verb.i + 1 : verb.i + 6]:
        if t.is_punct:
            break
        if t.pos_ in {"PROPN", "NOUN"} and t.ent_type_ not in NON_SPEAKER_ENTS:
            k = t
            while (
                k.i + 1 < len(doc)
                and doc[k.i + 1].pos_ == t.pos_
                and doc[k.i + 1].dep_ in {"compound", "flat"}
            ):
                k = doc[k.i + 1]
            return k
    return None


def speaker_like(head: Token) -> bool:
    """Whether a cue's subject can be someone who speaks: a name, a pronoun, a person, an institution or a
    document; not "the plan", "new rules" or "brain cancer"."""
    head = relative_antecedent(head)
    if head.pos_ != "NOUN" or head.ent_type_:
        return True
    lemma = head.lemma_.lower()
    if is_agent_noun(lemma) or is_person_noun(lemma) or any(lemma in words for words in SPEAKER_WORDS):
        return True
    return _hyphenated_person(head)


def _hyphenated_person(head: Token) -> bool:
    """A person named by a hyphenated phrase the tokenizer splits: "sergeant-at-arms", "editor-in-chief"."""
    doc, k = head.doc, head.i
    while k >= 2 and doc[k - 1].text == "-" and not doc[k - 1].whitespace_ and not doc[k - 2].whitespace_:
        k -= 2
        if doc[k].pos_ == "NOUN" and is_person_noun(doc[k].lemma_):
            return True
    return False


def author(doc_noun: Token) -> Token | None:
    """Who wrote a document that "says": the agent of "a statement released by the ministry said", "a study
    by two economists says", "a letter from the union said"."""
    if doc_noun.pos_ != "NOUN" or doc_noun.lemma_.lower() not in NON_HUMAN_NOUNS:
        return None
    for child in doc_noun.children:
        if child.dep_ in {"acl", "relcl"} and child.lemma_.lower() not in AUTHORED:
            continue  # "emails obtained by the paper": not its author
        subj = next((c for c in child.children if c.dep_ == "nsubj"), None) if child.dep_ == "relcl" else None
        if subj is not None and is_nominal(subj) and subj.lower_ not in {"that", "which", "who"}:
            return subj  # "a speech the minister delivered", "the memo she sent" is hers
        preps = [child] if child.dep_ == "prep" else [c for c in child.children if c.dep_ == "agent"]
        for prep in preps if child.dep_ in {"prep", "acl"} else []:
            if prep.lower_ in {"by", "from"}:
                obj = next((c for c in prep.children if c.dep_ == "pobj" and is_nominal(c)), None)
                if obj is not None and obj.ent_type_ not in NON_SPEAKER_ENTS:
                    return obj
    return None


def speaker_head(v: Token, depth: int = 0, quoted: Callable[[Token], bool] | None = None) -> Token | None:
    """The token naming who performs speech verb ``v`` (its subject, or the quoted person for "quoted")."""
    if v.lower_ == "according":
        to = next((c for c in v.children if c.lower_ == "to"), None)
        obj = next((c for c in to.children if c.dep_ == "pobj" and is_nominal(c)), None) if to else None
        return None if obj is None else author(obj) or obj
    lemma = v.lemma_.lower()

    def ok(c: Token) -> bool:
        if quoted is not None and quoted(c):
            return False
        if c.lower_ == "old" and c.dep_ == "nsubj" and any(k.lower_ in AGES for k in c.children):
            return True  # "says my two-year-old": someone of that age (the tagger calls it a date)
        return c.ent_type_ not in NON_SPEAKER_ENTS and is_nominal(c)

    def person_like(c: Token) -> bool:
        return c.ent_type_ == "PERSON" or c.pos_ in {"PROPN", "PRON"} or is_person_noun(c.lemma_)

    subj = next((c for c in v.children if c.dep_ in {"nsubj", "nsubjpass"} and ok(c)), None)
    if lemma in RELAY_VERBS:
        obj = next((c for c in v.children if c.dep_ == "dobj" and ok(c)), None)
        if subj is not None and subj.dep_ == "nsubjpass":
            return subj  # "X was quoted as saying"
        if obj is not None and (lemma == "quote" or person_like(obj)):
            return obj  # "the paper quoted the operator": the operator spoke
    if subj is not None:
        return author(subj) or subj
    shown = _recorded_speaker(v)
    if shown is not None:
        return shown
    if lemma not in NO_RIGHT_SUBJECT and _inverted(v):
        for c in v.rights:
            if c.i > v.i + 6:
                break
            if c.ent_type_ in NON_SPEAKER_ENTS:
                continue
            if c.dep_ in {"dobj", "attr", "npadvmod", "nsubj", "appos", "oprd", "dep"} and ok(c):
                if c.pos_ == "PRON" and c.lower_ not in {"he", "she", "they"}:
                    continue
                return author(c) or c
    if depth < 3 and v.head.i != v.i:
        if v.dep_ == "relcl" and is_nominal(v.head):
            return v.head
        if v.dep_ in {"conj", "xcomp", "advcl", "acl", "ccomp", "pcomp"}:
            head = v.head
            if v.dep_ == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL:
                # "prompting the city to urge residents", "forced him to admit": the object speaks
                obj = next((c for c in head.children if c.dep_ == "dobj" and c.i < v.i and ok(c)), None)
                if obj is not None:
                    return obj
            if v.dep_ == "acl" and (head.ent_type_ == "PERSON" or head.pos_ == "PROPN"):
                return head
            if v.dep_ == "acl" and head.head.i != head.i:
                head = head.head  # "issued a statement saying"
            if v.dep_ == "pcomp" or (v.dep_ == "xcomp" and head.dep_ == "acomp"):
                head = head.head  # "is unable to say", "was quick to point out": the subject of "is"
            return speaker_head(head, depth + 1, quoted) if head.pos_ in {"VERB", "AUX"} else None
    return None


def _recorded_speaker(v: Token) -> Token | None:
    """The person a recording shows speaking: "footage of Ann Lee saying", "a video of him telling" (the
    parse may hang the participle on the clause's verb, whose subject is the recording)."""
    prev = v.doc[v.i - 1] if v.i > 0 else None
    if v.tag_ != "VBG" or prev is None or prev.dep_ != "pobj" or prev.head.lower_ != "of":
        return None
    person = prev.ent_type_ == "PERSON" or prev.lower_ in {"him", "her", "them"}
    return prev if person and prev.head.head.lemma_.lower() in RECORDINGS else None


def _inverted(v: Token) -> bool:
    """Whether speaker and verb may come in the inverted order, which English allows only to a finite
    verb after the content: "…,” said Jane Doe", "The plan, says Doe, …", "Said Doe: …". Before the
    content ("dismissed those reports as …", "suggesting a few questions: …") the words after the verb
    are what is spoken of, never who speaks."""
    if v.tag_ not in {"VBD", "VBZ", "VBP"}:
        return False
    k = v.i - 1
    while k >= v.sent.start and (v.doc[k].pos_ == "ADV" or v.doc[k].is_space):
        k -= 1
    return k < v.sent.start or v.doc[k].is_punct


def colon_subject(chunk: Chunk, start: int) -> Token | None:
    """The subject of the clause a colon ends right before the quote at ``start``, in its paragraph, if it
    is someone: “Martell, the town's doctor, is more blunt: “...”” is Martell's."""
    tok = chunk.tokens(start, start + 1)
    if tok is None:
        return None
    doc = tok.doc
    k = tok.start - 1
    while k >= 0 and (doc[k].is_space and "\n" not in doc[k].text or doc[k].text in QUOTE_MARKS):
        k -= 1
    if k < 1 or doc[k].text != ":":
        return None
    # the subject of the nearest clause the word before the colon belongs to (the parse may hang the colon
    # on the quote's own verb)
    for verb in (doc[k - 1], *doc[k - 1].ancestors):
        subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < k), None)
        if subj is not None:
            hidden = chunk.in_quote(chunk.offset + subj.idx)
            thing = subj.lemma_.lower() in NON_HUMAN_NOUNS  # "The message is simple: “...”"
            return subj if not hidden and not thing and speaker_like(subj) else None
    return None
