"""Word lists: speech verbs, titles, person nouns, organisation nouns, anonymity phrases."""

from __future__ import annotations

import re


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``."""
    return frozenset(text.split())


# Lemmas of verbs that report speech (or writing). Belief verbs (think, believe) are left out on purpose.
SPEECH_VERBS = word_set("""
    say tell add state explain argue warn insist confirm emphasize emphasise note claim write ask reply
    respond announce declare suggest admit acknowledge describe express recall predict reiterate stress
    maintain contend assert deny promise pledge vow tweet post testify concede complain allege indicate
    mention observe remark comment caution counter continue repeat report quote cite urge demand
    propose recommend reveal disclose point answer retort shout exclaim joke quip boast brag lament
    concur agree disagree criticize criticise charge accuse blast slam praise tout assure inform
    remind advise estimate conclude question wonder muse add threaten vow proclaim announce
    signal hint underscore underline highlight affirm reaffirm clarify elaborate specify whisper
    yell scream mutter murmur insinuate speculate surmise predict forecast project hypothesize
    chant sing
    """)
# verbs that only count as a cue when a direct quote is next to them (too vague for reported content)
WEAK_CUE_VERBS = word_set("continue point highlight underscore underline question wonder project chant sing")
# nouns that, as the object of a speech verb, take a content clause: "reiterated his stance that ..."
CONTENT_NOUNS = word_set("""
    stance view position belief concern hope fear warning claim assertion argument assurance promise pledge
    statement message point opinion suggestion insistence conviction doubt worry allegation accusation
    prediction assessment expectation confidence optimism skepticism scepticism
    """)
# verbs that take CONTENT_NOUNS: "expressed concern that", "reiterated his stance that"
CONTENT_NOUN_VERBS = word_set(
    "express reiterate voice repeat make state raise restate reaffirm share offer give issue"
)
# verbs whose object or infinitive is what was said: "urged voters to stay home", "called for a recount"
NOMINAL_CONTENT_VERBS = word_set("""
    call urge pledge promise vow threaten criticize criticise attack blast slam condemn praise question
    deny reject demand propose accuse announce recommend tout defend dismiss ask warn
""")
CONTENT_PREPS = word_set("for as of on over about against")
# verbs whose object is what was said but that never cue a direct quote on their own: "cited rising costs",
# "questioned the integrity of the count", "mentioned his record"
NOMINAL_REPORT_VERBS = word_set("cite mention question")
# what one cites as a source: "citing an interview", "cited sources close to the talks"
SOURCE_NOUNS = word_set("interview source testimony transcript account figure number statistic example case")
# the plainest verbs of saying, whose clause the parse sometimes hangs the verb on as an adverb
SAY_VERBS = word_set("say tell add note claim argue insist explain")
# verbs that commit the speaker: a thing that "promises" is no speaker ("the new rules promise to ...")
COMMISSIVE_VERBS = word_set("promise pledge vow threaten")
# verbs whose infinitive is what was not said: "declined to say why"
REFUSAL_VERBS = word_set("decline refuse")
# words that open an indirect question: "did not say whether ..."
WH_WORDS = word_set("whether if why how when what where who which whom")
# conjunctions that, after a comma, open the narrator's concession, not more of the report
CONCESSIVE = word_set("although though whereas")
# where or how something was said: "in a statement", "during an interview", "on Twitter"
OCCASION_NOUNS = word_set("""
    statement interview letter speech email tweet post release conference briefing appearance broadcast
    podcast op-ed editorial memo filing twitter facebook instagram
""")
# verbs whose direct object is the original speaker of a relayed quote: "the paper quoted the operator"
RELAY_VERBS = frozenset({"quote", "cite"})

# verbs whose listener is their object: "told a meeting of leaders that ..."
TELL_VERBS = word_set("tell inform remind assure warn convince notify promise show advise")
# reporting nouns that take a possessor and a that-clause: "Trump's claim that ..."
CLAIM_NOUNS = word_set("""
    claim assertion allegation statement warning promise pledge insistence argument suggestion prediction
    accusation assurance contention announcement charge admission
""")
# what one "calls" in the sense of convening
CONVENED = word_set("meeting session summit election vote referendum strike conference recess")
# verbs that name their object with the quoted words: "called the plan “a disaster”"
NAMING_VERBS = word_set("call dub label brand term deem")
# what one says as an object ("said goodbye", "said a prayer"): no clause the parser took for one
SAID_THINGS = word_set("""
    goodbye hello thanks prayer word thing something nothing anything everything little much more lot yes no
    grace mass name
    """)
REFLEXIVES = word_set("myself yourself himself herself itself ourselves yourselves themselves")
# "Word: ..." openings that are not speaker labels
LABEL_STOP = word_set("""
    The Correction CORRECTION Clarification CLARIFICATION Source Sources Update UPDATE Note Editor's Related
    Photo Video Read Watch
""")
# words left in lower case in a title
MINOR_WORDS = word_set("a an and as at but by for from in into is of on or the to with vs")

TITLES = word_set("""
    mr mrs ms miss mx dr prof sir dame lord lady rev reverend fr father sister brother
    president vice prime minister premier chancellor secretary senator sen rep representative congressman
    congresswoman gov governor mayor judge justice chief general gen col colonel lt lieutenant capt captain
    maj major sgt sergeant cpl corporal const constable cst insp inspector supt det adm admiral commander
    king queen prince princess pope rabbi imam sheikh ambassador
    chairman chairwoman chair ceo director speaker leader spokesman spokeswoman spokesperson attorney
    deputy assistant former candidate nominee commissioner councilman councilwoman officer detective agent
    sheriff superintendent professor coach
    """)
# ranks and titles abbreviated with a full stop that spaCy's tokenizer splits ("Cpl" "."), so the parser ends
# the sentence before the name: Canadian police and military copy ("Const. Jane Doe", "Staff Sgt. Al Roy")
TITLE_ABBREVIATIONS = word_set("""
    Cpl. Const. Cst. Sgt. Insp. Supt. Det. Lt. Col. Capt. Maj. Brig. Cmdr. Pte. Hon. Atty. Ald. Coun. Cllr.
    """)
# adjectives that precede titles ("French President", "former Secretary of State")
NATIONALITY_OR_RANK = word_set("former acting then late incumbent outgoing incoming")

PERSON_NOUNS = word_set("""
    official source spokesman spokeswoman spokesperson operator analyst expert diplomat officer minister
    president senator lawmaker legislator representative governor mayor leader aide adviser advisor
    member resident witness person man woman boy girl child student teacher doctor nurse scientist
    researcher professor economist strategist consultant lawyer attorney prosecutor judge agent
    investigator detective police policeman policewoman soldier commander general colonel captain
    sergeant pilot veteran worker employee executive director manager chairman chairwoman ceo founder
    owner candidate nominee voter supporter critic opponent activist protester organizer organiser
    journalist reporter editor correspondent columnist commentator writer author historian pollster
    insider staffer official operative volunteer fan citizen farmer father mother son daughter wife
    husband friend neighbor neighbour victim survivor patient parent negotiator mediator envoy ambassador
    secretary deputy chief head boss specialist engineer technician officer delegate observer monitor
    inspector auditor economist banker trader investor entrepreneur businessman businesswoman
    """)
# singular nouns naming institutions, which speak as organizations
ORG_NOUNS = word_set("""
    government ministry department agency administration office campaign committee company firm
    commission council parliament congress senate court police military army navy kremlin pentagon
    university party coalition alliance union bank group organization organisation institute
    foundation board bureau service newspaper paper magazine network channel station website agency
    authority authorities team embassy cabinet regime
    """)
# plural or collective nouns for people that speak: "critics said", "Democrats argue"
GROUP_NOUNS = word_set("""
    people public crowd audience staff faculty family community americans democrats republicans
    conservatives liberals progressives other others many some few both all chorus
    architect relative ally partner surrogate lady gentleman ex mogul proponent peacekeeper speechwriter
    clerk guard chef pastor priest bishop nun monk cleric scholar poet artist actor singer star athlete
    moderator narrator announcer questioner developer demonstrator polluter interviewer host anchor
    lobbyist sponsor backer donor adversary rival challenger incumbent defender advocate
    fund city panel bloc state country nation journal
    datum clip spot comment speech brief submission response account database statistic charge phrase
    transcript filing indictment testimony
""")
# words that open the narrator's setting after a quoted phrase: time, place, occasion
SETTING_WORDS = word_set("""
    during at in on while after before when — – -- yesterday today tonight
    monday tuesday wednesday thursday friday saturday sunday
""")
# things that "say": reports, polls, documents (speakers of kind "unknown")
NON_HUMAN_NOUNS = word_set("""
    report study poll survey statement letter document memo analysis article story video ad advertisement
    data record law rule bill plan proposal complaint lawsuit filing ruling email message post tweet
    website page book film documentary show program programme headline piece note sign map chart figure
    estimate forecast projection model research evidence investigation review audit release
    speech remarks testimony interview editorial column brief submission affidavit transcript
    """)
# words ending like person nouns (-ist, -ian, -man, -eer) that are not people
NOT_PERSON_SUFFIXED = word_set("""
    christian median human german roman career veneer list mist twist wrist fist gist amphibian
""")

# pronouns that stand for unnamed people who speak: "some say", "those close to him say", "someone asked"
INDEFINITE_PEOPLE = word_set("some many others those each someone somebody both few several most all")
PRONOUNS_SINGULAR = frozenset({"he", "she", "him", "her"})
PRONOUNS_PLURAL = frozenset({"they", "them"})

_ANONYMITY_PATTERNS = [
    r"who (?:requested|asked for|demanded|sought|was granted|were granted|was given|were given) anonymity",
    r"(?:on|under) (?:the )?(?:strict )?conditions? (?:of|that (?:he|she|they|it) (?:not )?(?:be |remain )?"
    r"(?:anonymous|unnamed|not (?:be )?(?:named|identified)))(?: anonymity)?",
    r"(?:who (?:was|were|is|are) |because (?:he|she|they) (?:was|were|is|are) |as (?:he|she|they) "
    r"(?:was|were|is|are) )?not authori[sz]ed to (?:speak|comment|discuss|talk)[\w ]*?(?=[,.;]|$)",
    r"who (?:asked|requested) not to be (?:named|identified)",
    r"(?:who )?(?:declined|refused) to be (?:named|identified)",
    r"speaking (?:anonymously|on background|on (?:the )?condition of anonymity)",
    r"who (?:spoke|speaks) anonymously",
    r"(?:granted|given) anonymity[\w ]*?(?=[,.;]|$)",
    r"in exchange for anonymity",
]
# the first two letters of every pattern above ("who", "on", "under", "because", "as", "not", "declined"),
# looked ahead for at each position before the alternatives are tried: the search is then twice as fast
_ANONYMITY_START = "(?=[wounbasdrgi][hnesopri])"
ANONYMITY_RE = re.compile(
    _ANONYMITY_START + "(?:" + "|".join(f"(?:{p})" for p in _ANONYMITY_PATTERNS) + ")", re.IGNORECASE
)
# every pattern above holds one of these: a text without them is not searched (the search is slow)
ANONYMITY_HINTS = ("anonym", "authori", "named", "identified", "background")


def anonymity_phrases(text: str) -> list[tuple[int, int, str]]:
    """(start, end, phrase) of each stated reason for anonymity in ``text``."""
    low = text.lower()
    if not any(hint in low for hint in ANONYMITY_HINTS):
        return []
    return [(m.start(), m.end(), m.group(0)) for m in ANONYMITY_RE.finditer(text)]


def is_person_noun(lemma: str) -> bool:
    lemma = lemma.lower()
    if lemma in PERSON_NOUNS:
        return True
    if lemma in NOT_PERSON_SUFFIXED or lemma in ORG_NOUNS or len(lemma) < 5:
        return False
    return lemma.endswith(("ist", "ian", "man", "woman", "person", "eer"))
