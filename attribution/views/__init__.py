"""The pages, one module per page group: articles (list, upload, the article page), review (the desk's
changes, queue, history, quality), search (and its export), speakers (directory, speaker pages, merge,
split, suggestions) and health. Each view: permission-checked fetch, form, service or QuerySet, render."""
