"""How well claimtrack does, scored on hand-labelled sets (`claimtrack evaluate ...`).

One module per evaluation, each with a function that scores a set given by path and
returns the figures, and a function that words them as the command prints them:

* `extraction`: annotated sentences (and quantulum3's peer set), micro P/R/F1 on value,
  value+unit and value+qualifier; `scoring` holds the benchmark's matching rules (pure).
* `pairs`: labelled statement pairs, each ingested as two articles; the confusion matrix.
* `clusters`: labelled clusters of real news, ingested alone or together; claims,
  relations, conflicts caught, false alarms, cross-story pairs.

`sets` reads the files, raising BadEvaluationData for one that cannot be used. Nothing
here imports spaCy until a pipeline is loaded.
"""
