"""The speakers' names as the duplicates queue compares them, kept by PostgreSQL (stored generated
columns): ``name_key``, the normalized name without titles and suffixes ("dr priya raman jr" ->
"priya raman"), and ``surname_key``, its last word; and the queue's two indexes: named speakers by kind,
surname and name_key, and those the queue starts from. Adding each column rewrites the speaker table under an
exclusive lock: at 190,000 speakers about 8 s in all, while extractions that name new speakers wait."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("attribution", "0011_article_retitled_audit"),
    ]

    operations = [
        migrations.AddField(
            model_name="speaker",
            name="name_key",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Case(
                    models.When(
                        kind="person",
                        then=models.Func(
                            models.Func(
                                models.F("normalized_name"),
                                models.Value(
                                    "^((mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lord|lady|rev|"
                                    "reverend|fr|father|sister|brother|president|vice|prime|minister|"
                                    "senator|sen|rep|representative|congressman|congresswoman|gov|"
                                    "governor|mayor|chancellor|premier|ambassador|secretary|chief|"
                                    "judge|justice|gen|general|col|colonel|maj|capt|captain|lt|"
                                    "lieutenant|sgt|sergeant|cmdr|commander|adm|admiral|sheikh|king|"
                                    "queen|prince|princess|pope|cardinal|bishop|archbishop|rabbi|"
                                    "imam) )+"
                                ),
                                models.Value(""),
                                function="REGEXP_REPLACE",
                            ),
                            models.Value("( (jr|sr|ii|iii|iv|phd|md|mp|qc|kc|esq))+$"),
                            models.Value(""),
                            function="REGEXP_REPLACE",
                        ),
                    ),
                    models.When(
                        kind="organization",
                        then=models.Func(
                            models.Func(
                                models.F("normalized_name"),
                                models.Value("^((the) )+"),
                                models.Value(""),
                                function="REGEXP_REPLACE",
                            ),
                            models.Value("( (inc|ltd|llc|plc|corp|co|sa|ag|gmbh))+$"),
                            models.Value(""),
                            function="REGEXP_REPLACE",
                        ),
                    ),
                    default=models.F("normalized_name"),
                ),
                output_field=models.CharField(max_length=300),
            ),
        ),
        migrations.AddField(
            model_name="speaker",
            name="surname_key",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Func(
                    models.Case(
                        models.When(
                            kind="person",
                            then=models.Func(
                                models.Func(
                                    models.F("normalized_name"),
                                    models.Value(
                                        "^((mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lord|lady|rev|"
                                        "reverend|fr|father|sister|brother|president|vice|prime|"
                                        "minister|senator|sen|rep|representative|congressman|"
                                        "congresswoman|gov|governor|mayor|chancellor|premier|"
                                        "ambassador|secretary|chief|judge|justice|gen|general|col|"
                                        "colonel|maj|capt|captain|lt|lieutenant|sgt|sergeant|cmdr|"
                                        "commander|adm|admiral|sheikh|king|queen|prince|princess|pope|"
                                        "cardinal|bishop|archbishop|rabbi|imam) )+"
                                    ),
                                    models.Value(""),
                                    function="REGEXP_REPLACE",
                                ),
                                models.Value("( (jr|sr|ii|iii|iv|phd|md|mp|qc|kc|esq))+$"),
                                models.Value(""),
                                function="REGEXP_REPLACE",
                            ),
                        ),
                        models.When(
                            kind="organization",
                            then=models.Func(
                                models.Func(
                                    models.F("normalized_name"),
                                    models.Value("^((the) )+"),
                                    models.Value(""),
                                    function="REGEXP_REPLACE",
                                ),
                                models.Value("( (inc|ltd|llc|plc|corp|co|sa|ag|gmbh))+$"),
                                models.Value(""),
                                function="REGEXP_REPLACE",
                            ),
                        ),
                        default=models.F("normalized_name"),
                    ),
                    models.Value("^.* "),
                    models.Value(""),
                    function="REGEXP_REPLACE",
                ),
                output_field=models.CharField(max_length=300),
            ),
        ),
        migrations.AddIndex(
            model_name="speaker",
            index=models.Index(
                condition=models.Q(("article__isnull", True), ("merged_into__isnull", True)),
                fields=["kind", "surname_key", "name_key"],
                include=("id",),
                name="speaker_duplicates",
            ),
        ),
        migrations.AddIndex(
            model_name="speaker",
            index=models.Index(
                condition=models.Q(
                    ("article__isnull", True),
                    ("merged_into__isnull", True),
                    models.Q(
                        models.Q(("name_key", models.F("normalized_name")), _negated=True),
                        ("name_key", models.F("surname_key")),
                        _connector="OR",
                    ),
                ),
                fields=["kind", "name_key"],
                name="speaker_duplicate_starts",
            ),
        ),
    ]
