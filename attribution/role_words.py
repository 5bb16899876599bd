"""Sources counted by their role: the words of a speaker's role as the article gives it ("Harbourview mayor",
"a spokeswoman for the ministry") put it in one category ("mayor", "spokesperson").

Plain Python, no Django: ``role_category`` classifies one role, and querysets.role_category_case builds the
same rules into one SQL expression from ``ROLE_RULES`` and ``role_pattern``, so that PostgreSQL counts the
quotes of each category without reading their roles into Python. A test holds the two to the same answers.

A word matches a whole word, in any case, with or without a plural ``s``; the words of a phrase may stand
apart by spaces or hyphens, after a possessive apostrophe ("vice-president", "teachers' union").
The first rule with a matching word wins, so the order of ``ROLE_RULES`` is part of the answer:

1. A spokesperson first, whoever they speak for: "police spokesperson", "a spokesperson for the prime
   minister" and "University spokesman" relay an institution's word, which is what an editor counting
   spokespeople wants to see, and what no other category says.
2. Titles that hold another category's word: "Attorney General" is a minister, not a lawyer; "Police
   Minister" a minister, not police; "teachers' union president" a union leader, not a teacher.
3. What the person is before whom they work for: "a lawyer for the minister", "an army doctor", "an aide to
   the mayor" and "a senior police official" are a lawyer, a doctor, an official, police. Among these, a
   trade before the general words that could name it too: the military before the police, as they share
   ranks ("Army Sgt."); the executives before the police, whose "officer" would take a "chief executive
   officer"; the police, health and the military before "official" ("police official" tells more).
4. The offices after the jobs (president, minister, mayor, councillor, legislator), as those who work for
   an office-holder are named by the office: "an official in the minister's office" is an official.
5. Then the institutions a role may name alone: "Chinese Foreign Ministry", "president of Acme Inc.",
   "president of the steelworkers' union".
6. A president, premier, chancellor or governor last: alone, the word heads a government ("French
   President", "Ontario Premier"); anyone else called so has been given an institution above ("Senate
   president", "President of the University of Toronto").

A role of no category ("director of systems change") and no role at all are ``None``.
"""

import re
from functools import cache

# (key, label): the categories in the order a table of them reads, offices first, the public last.
ROLE_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("president", "Presidents, prime ministers and premiers"),
    ("minister", "Ministers and secretaries"),
    ("legislator", "Legislators, parties and candidates"),
    ("mayor", "Mayors"),
    ("councillor", "Councillors"),
    ("official", "Officials, diplomats and aides"),
    ("spokesperson", "Spokespeople"),
    ("police", "Police"),
    ("military", "Military"),
    ("emergency", "Firefighters and paramedics"),
    ("judge", "Judges"),
    ("lawyer", "Lawyers and prosecutors"),
    ("health", "Doctors, nurses and health officers"),
    ("academic", "Academics, scientists and teachers"),
    ("analyst", "Analysts, economists and experts"),
    ("executive", "Executives and business owners"),
    ("union", "Union leaders"),
    ("activist", "Activists and advocates"),
    ("clergy", "Clergy"),
    ("sport", "Athletes and coaches"),
    ("worker", "Workers"),
    ("student", "Students"),
    ("public", "Residents, witnesses and relatives"),
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(" ".join(word.split()) for word in text.split(",") if word.strip())


# (category, words) in the order they are tried; a category may come back for words of a later kind. At most
# 30 rules: PostgreSQL keeps a session's last 32 regular expressions compiled, and a CASE of more than that
# would compile each again on every row that reaches it.
ROLE_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # 1. speaking for someone else
    ("spokesperson", _words("""
        spokesperson, spokespeople, spokesman, spokesmen, spokeswoman, spokeswomen, press secretary,
        press officer, press attache, communications director, director of communications,
        communications officer, communications manager, information officer, public affairs officer,
        media relations, media officer, surrogate
    """)),
    # 2. titles holding another category's word
    ("minister", _words("""
        attorney general, solicitor general, deputy prime minister, police minister, minister of police,
        armed forces minister, minister of the armed forces, public health minister, minister of public health
    """)),
    # a union's leaders too, as their titles name the union ("European Union leader" is the price)
    ("union", _words("""
        teachers union, nurses union, workers union, police union, union leader, union president, union head,
        union chief, union boss, union organizer, union organiser, union representative, union rep,
        union steward, shop steward, labour leader, labor leader, trade unionist
    """)),
    # 3. what the person is
    ("lawyer", _words("lawyer, attorney, counsel, prosecutor, solicitor, barrister")),
    ("judge", _words("""
        judge, magistrate, chief justice, supreme court justice, court justice, justice of the peace
    """)),
    ("health", _words("""
        doctor, dr, physician, nurse, surgeon, pharmacist, psychiatrist, psychologist, epidemiologist,
        dentist, pediatrician, paediatrician, oncologist, cardiologist, neurologist, radiologist,
        anesthesiologist, midwife, coroner, medical officer, medical examiner, medical director,
        public health, health officer
    """)),
    ("student", _words("student, pupil, undergraduate, phd candidate, doctoral candidate")),
    ("academic", _words("""
        professor, prof, lecturer, researcher, scientist, academic, scholar, research fellow,
        postdoctoral fellow, historian, sociologist, teacher, educator, school principal, dean, university,
        college
    """)),
    ("analyst", _words("""
        analyst, economist, strategist, pollster, consultant, expert, senior fellow, think tank, institute
    """)),
    # before the police, whose "officer" would take the chief executive officer
    ("executive", _words("""
        chief executive, ceo, cfo, coo, cto, chief financial officer, chief operating officer,
        chief technology officer, executive, managing director, general manager, chairman, chairwoman,
        chairperson, chair, founder, owner, businessman, businessmen, businesswoman, businesswomen,
        businesspeople, entrepreneur, investor, developer, banker
    """)),
    ("military", _words("""
        military, army, navy, air force, armed forces, soldier, marine, gen, colonel, col, maj, brigadier,
        admiral, adm, commanding officer
    """)),
    # "officer" alone ("Officer", "the officer"), once the officers of a trade above have been taken
    ("police", _words("""
        police, policeman, policemen, policewoman, policewomen, rcmp, constable, const, cst, sergeant, sgt,
        corporal, cpl, detective, det, insp, supt, sheriff, trooper, officer
    """)),
    ("emergency", _words("""
        fire, firefighter, fire fighter, paramedic, first responder, emergency responder,
        emergency management, search and rescue, lifeguard
    """)),
    ("official", _words("""
        official, bureaucrat, civil servant, public servant, diplomat, ambassador, envoy, consul,
        commissioner, ombudsman, ombudsperson, regulator, administrator, inspector, aide, adviser, advisor,
        staffer, chief of staff, secretary general, general secretary, director general, auditor general
    """)),
    ("sport", _words("""
        coach, athlete, player, goalkeeper, goaltender, goalie, quarterback, pitcher, striker, defenceman,
        defenseman, referee, umpire, jockey, olympian
    """)),
    ("clergy", _words("""
        priest, pastor, imam, rabbi, bishop, archbishop, cardinal, pope, reverend, rev, fr, cleric, chaplain,
        nun, monk
    """)),
    ("activist", _words("""
        activist, advocate, campaigner, organizer, organiser, protester, protestor, demonstrator,
        environmentalist, community leader
    """)),
    ("worker", _words("""
        worker, employee, labourer, laborer, farmer, rancher, fisherman, fishermen, miner, driver, trucker,
        cashier, mechanic, electrician, technician
    """)),
    ("public", _words("""
        resident, neighbour, neighbor, witness, eyewitness, bystander, homeowner, tenant, passenger, voter,
        shopper, commuter, customer, patient, survivor, victim, citizen, parent, mother, father, son,
        daughter, wife, husband, sister, brother, relative, aunt, uncle, cousin, grandmother, grandfather,
        friend, refugee, immigrant, migrant, asylum seeker
    """)),
    # 4. the offices
    ("president", _words("prime minister, first minister")),
    ("minister", _words("minister, secretary of state, secretary, chancellor of the exchequer")),
    ("mayor", _words("mayor, reeve")),
    ("councillor", _words("""
        councillor, councilor, councilman, councilmen, councilwoman, councilwomen, councilmember,
        council member, alderman, alderwoman, city council, town council
    """)),
    ("legislator", _words("""
        senator, sen, mp, mpp, mla, mna, mep, member of parliament, congressman, congressmen, congresswoman,
        congresswomen, congressmember, member of congress, state representative, rep, lawmaker, legislator,
        assemblyman, assemblywoman, assembly member, house speaker, speaker of the house, house leader,
        majority leader, minority leader, opposition leader, leader of the opposition, party leader,
        conservative leader, liberal leader, ndp leader, whip, candidate, nominee, politician, senate,
        congress, congressional, parliament, parliamentary, legislature, house of commons,
        national assembly, caucus, party, campaign
    """)),
    # 5. the institutions, where a role names only that
    ("official", _words("government, ministry, department, agency, white house, city hall, european union")),
    ("union", _words("union")),
    ("executive", _words("""
        company, corporation, corp, inc, ltd, llc, firm, association, federation, chamber of commerce,
        foundation, board, bank, business, industry
    """)),
    # "Justice" alone is a judge's title; in a longer role the word is more often a department's, a
    # ministry's or a cause's ("Justice Minister", "Department of Justice", "social justice activist")
    ("judge", _words("justice")),
    # 6. heads of government, alone
    ("president", _words("""
        president, premier, chancellor, governor, gov, king, queen, monarch, head of state, head of government
    """)),
)  # fmt: skip

# between the words of a phrase: spaces or hyphens, after a possessive apostrophe ("teachers' union")
_BETWEEN = r"['’]?[\s-]+"


def role_pattern(words: tuple[str, ...], *, start: str = r"\b", end: str = r"\b") -> str:
    """A regular expression matching any of ``words`` as whole words (with a plural ``s``), for Python's
    ``re`` by default, or for PostgreSQL with its word boundaries (``start=r"\\m", end=r"\\M"``). Both read
    it the same way: only plain letters, alternation, ``?``, ``+`` and the classes ``\\s`` and ``[...]``."""
    alternatives = "|".join(_BETWEEN.join(map(re.escape, word.split())) for word in words)
    return rf"{start}(?:{alternatives})s?{end}"


@cache
def _compiled() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((key, re.compile(role_pattern(words), re.IGNORECASE)) for key, words in ROLE_RULES)


def role_category(role: str) -> str | None:
    """The key of the category of ``role`` (one of ROLE_CATEGORIES), or None when it has none."""
    if not role or not role.strip():
        return None
    for key, pattern in _compiled():
        if pattern.search(role):
            return key
    return None
