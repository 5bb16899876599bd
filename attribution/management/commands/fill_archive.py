"""Fill the database with a realistic synthetic archive, for the search and export benchmarks.

    python manage.py fill_archive [--articles 100000] [--quotes-per-article 10] [--speakers 50000]

Speakers' popularity is skewed (Zipf-like: a few are quoted everywhere, most rarely); a fifth of the quotes
are anonymous, local to their article. Each named person has a role ("Harbourview mayor", "RCMP Sgt.") that
half of their quotes carry, as an article gives it where it first names them: about a third of the quotes
have one. Words follow a Zipf-like vocabulary, so that some words are common
and others rare, as in news, with set phrases ("peace talks") among them; articles arrive in the order of
their dates, as an archive grows day by day. Rows go in with PostgreSQL's COPY, in batches; run it on an
empty database (`POSTGRES_DB=newsroom_bench`), it refuses a database that already has articles unless --force.
"""

import datetime
import hashlib
import itertools
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from attribution.models import Article, Publication, Speaker
from attribution.text import normalize_name

FIRST = "Anna Boris Carla David Elena Farid Greta Hugo Ines Jonas Karin Luis Marta Nils Olga Pavel Rosa"
LAST = "Adler Brandt Costa Dubois Engel Fischer Garcia Hansen Ivanova Jensen Klein Lopez Moreau Novak"
ORGS = "Ministry Council Agency Commission Bank Union Court Parliament Committee Institute Office"
ROLES = "official diplomat source adviser analyst spokesperson aide lawmaker"
VOCABULARY = (
    "government plan budget war peace troops election vote tax economy inflation climate energy border "
    "health hospital school police court law reform talks deal sanctions minister president crisis "
    "market jobs workers strike protest housing water drought flood aid refugees security army drone "
    "alliance summit treaty ceasefire negotiations investment growth debt deficit pension wages prices "
    "farmers industry exports imports tariffs trade vaccine doctors nurses students teachers children "
    "families cities villages region coast mountains bridge railway airport fuel gas oil electricity "
    "nuclear solar wind carbon emissions forest river ocean fishing tourism culture museum festival "
    "football olympics media press freedom rights justice prison corruption scandal investigation "
    "report study survey data technology internet privacy artificial intelligence cyber attack hackers"
)
FIRST, LAST, ORGS, ROLES, VOCABULARY = (words.split() for words in (FIRST, LAST, ORGS, ROLES, VOCABULARY))
# named people's roles, as the extractor takes them from the text: of every category of role_words, and some
# of none
SPEAKER_ROLES = [
    "French President", "Prime Minister", "Ontario Premier", "Foreign Minister", "Health Minister",
    "U.S. Secretary of State", "Harbourview mayor", "deputy mayor", "city councillor", "state senator",
    "Liberal MP", "Conservative Leader", "a senior government official", "ambassador to France",
    "White House economic adviser", "police spokesperson", "a spokeswoman for the ministry",
    "press secretary", "RCMP Sgt.", "deputy police chief", "Const.", "Army Col.", "fire chief", "paramedic",
    "Supreme Court Justice", "Crown prosecutor", "defence lawyer", "a family doctor", "nurse",
    "chief medical officer of health", "associate professor of economics at McGill", "researcher",
    "high school teacher", "chief economist at Capital Economics", "BMO analyst", "CEO of Acme",
    "restaurant owner", "chairman of the board", "union president", "climate activist", "pastor",
    "Carolina coach", "oil and gas worker", "farmer", "graduate student", "Harbourview resident",
    "a witness", "director of operations", "author of the report",
]  # fmt: skip
# News repeats set phrases: the words of "peace talks" stand together far more often than two words drawn
# apart would. Each takes a place among the words, every tenth rank from the fifth.
PHRASES = [
    "peace talks",
    "prime minister",
    "climate change",
    "interest rates",
    "human rights",
    "health care",
    "central bank",
    "supply chains",
    "police officers",
    "election campaign",
]
for rank, phrase in enumerate(PHRASES):
    VOCABULARY.insert(5 + 10 * rank, phrase)
DAYS = 6 * 365  # the archive's span, from 1 January 2020
BATCH = 5000
INSERT_ARTICLE = """
    INSERT INTO attribution_article (title, text, content_hash, publication_id, published_on, url, byline,
        source_filename, state, error, extractor_version, extraction_attempts, created_at, updated_at)
    VALUES (%s, %s, %s, %s, %s, '', '', '', 'done', '', 'synthetic', 0, now(), now())
    RETURNING id
"""
COPY_SPEAKERS = (
    "COPY attribution_speaker (name, normalized_name, kind, anonymous, article_id, created_at) FROM STDIN"
)
COPY_QUOTES = """
    COPY attribution_quote (article_id, start, "end", text, kind, cue, speaker_id, speaker_mention,
        anonymity_reason, speaker_role, confidence, origin, review_state, speaker_corrected, span_corrected,
        kind_corrected, version, attributed_name, created_at, updated_at) FROM STDIN
"""


def _zipf_cumulative(n: int, s: float = 1.1) -> list[float]:
    """Cumulative weights of ranks 1..n under a Zipf-like law (random.choices takes them in O(log n))."""
    return list(itertools.accumulate(1 / (rank**s) for rank in range(1, n + 1)))


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000)
        parser.add_argument("--quotes-per-article", type=int, default=10)
        parser.add_argument("--speakers", type=int, default=50_000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--force", action="store_true", help="add to a database that has articles")

    def handle(self, *args, articles, quotes_per_article, speakers, seed, force, **options):
        if Article.objects.exists() and not force:
            raise CommandError("This database already has articles: use an empty one, or --force.")
        rng = random.Random(seed)
        publications = [
            Publication.objects.get_or_create(name=name)[0].id
            for name in ("Le Monde", "The Guardian", "Der Spiegel", "El País", "Corriere", "Reuters", "AP")
        ]
        people = self._speakers(rng, speakers)
        named = [speaker.id for speaker in people]
        # roles from a generator of their own: the rest of the archive stays what the seed made it before
        role_rng = random.Random(seed + 1)
        roles = {s.id: role_rng.choice(SPEAKER_ROLES) for s in people if s.kind == Speaker.Kind.PERSON}
        popularity = _zipf_cumulative(len(named))
        word_weights = _zipf_cumulative(len(VOCABULARY), 0.9)
        first_day = datetime.date(2020, 1, 1)
        created = 0
        for start in range(0, articles, BATCH):
            count = min(BATCH, articles - start)
            with transaction.atomic():
                self._batch(
                    rng,
                    start,
                    count,
                    quotes_per_article,
                    publications,
                    named,
                    popularity,
                    word_weights,
                    first_day,
                    articles,
                    roles,
                    role_rng,
                )
            created += count
            self.stdout.write(f"{created} articles, {created * quotes_per_article} quotes")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS("done"))

    def _speakers(self, rng: random.Random, n: int) -> list[Speaker]:
        rows, seen = [], set()
        while len(rows) < n:
            if rng.random() < 0.8:
                name = (
                    f"{rng.choice(FIRST)} {rng.choice('ABCDEFGHJKLMNPRSTVW')}. {rng.choice(LAST)}-{len(rows)}"
                )
                kind = Speaker.Kind.PERSON
            else:
                name = f"{rng.choice(ORGS)} of {rng.choice(LAST)} {len(rows)}"
                kind = Speaker.Kind.ORGANIZATION
            key = (kind, normalize_name(name))
            if key in seen:
                continue
            seen.add(key)
            rows.append(Speaker(name=name, normalized_name=key[1], kind=kind, anonymous=False))
        return Speaker.objects.bulk_create(rows, batch_size=BATCH)

    def _batch(
        self,
        rng,
        start,
        count,
        per_article,
        publications,
        named,
        popularity,
        word_weights,
        first_day,
        total,
        roles,
        role_rng,
    ):
        article_rows = []
        texts = []
        for n in range(start, start + count):
            quotes = [
                " ".join(rng.choices(VOCABULARY, cum_weights=word_weights, k=rng.randint(6, 30)))
                for _ in range(per_article)
            ]
            parts, spans, pos = [], [], 0
            for quote in quotes:
                lead = f"In the {rng.choice(VOCABULARY)} debate, "
                body = f"«{quote.capitalize()},» the speaker said. "
                spans.append((pos + len(lead), pos + len(lead) + len(quote) + 4))
                parts.append(lead + body)
                pos += len(lead) + len(body)
            text = "".join(parts).strip()
            texts.append((text, spans))
            title = f"Story {n}: {' '.join(rng.choices(VOCABULARY, cum_weights=word_weights, k=5))}"
            article_rows.append(
                (
                    title,
                    text,
                    hashlib.sha256(f"synthetic {n} {text}".encode()).hexdigest(),
                    rng.choice(publications),
                    # an archive grows day by day: articles arrive in the order of their dates
                    first_day + datetime.timedelta(days=n * DAYS // total),
                )
            )
        with connection.cursor() as cursor:
            ids = []
            for row in article_rows:  # RETURNING ids in order: one round trip per row is fine at 5,000
                cursor.execute(INSERT_ARTICLE, row)
                ids.append(cursor.fetchone()[0])
            local = []
            with cursor.copy(COPY_SPEAKERS) as copy:
                for article_id in ids:
                    role = rng.choice(ROLES)
                    name = f"a senior {role}"
                    copy.write_row((name, normalize_name(name), "anonymous", True, article_id, "now"))
                    local.append(article_id)
            cursor.execute(
                "SELECT article_id, id FROM attribution_speaker WHERE article_id = ANY(%s)", [local]
            )
            anonymous = dict(cursor.fetchall())
            now = datetime.datetime.now(datetime.UTC)
            with cursor.copy(COPY_QUOTES) as copy:
                for article_id, (text, spans) in zip(ids, texts, strict=True):
                    for a, b in spans:
                        if rng.random() < 0.2:
                            speaker, reason = anonymous[article_id], "who requested anonymity"
                        else:
                            speaker, reason = rng.choices(named, cum_weights=popularity)[0], ""
                        # half a named person's quotes carry their role, the anonymous and organisations' none
                        role = roles.get(speaker, "") if role_rng.random() < 0.5 else ""
                        kind = rng.choice(("direct", "direct", "indirect", "mixed", "partial"))
                        state = rng.choice(("unreviewed", "unreviewed", "confirmed", "edited"))
                        copy.write_row(
                            (article_id, a, b, text[a:b], kind, "said", speaker, "the speaker", reason, role,
                             round(rng.uniform(0.3, 0.99), 2), "machine", state, False, False, False, 1, "",
                             now, now)
                        )  # fmt: skip
