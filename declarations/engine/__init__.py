"""The one declaration engine: a single declaration, the form, the API (one or a batch) and the file
upload all declare through it.

- ``checks``: facts of a policy fetched once, every row checked against them (all of a row's
  problems at once) into a candidate or a refusal; repeats within the rows and rows declared before;
- ``cover``: the limit lookup's facts, the limits locked in id order and the cover allocated in row
  order with ``declarations.rules`` (the only copy of the coverage and premium rules);
- ``write``: declarations (COPY into a staging table, then one ``INSERT ... SELECT`` into the real
  table with every constraint in force), their audit rows and the per-row report, set-based;
- ``run``: the entry, ``run(policy, rows, actor, mode="write"|"check", batch=None)``.

``declarations.services.bulk`` only orchestrates uploads (submit, queue, retry, resume, progress).
Import from the modules: ``from declarations.engine.run import run``.
"""
