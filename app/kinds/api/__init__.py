"""API design: a feature's HTTP API answered with an OpenAPI 3.1 document (or a compact
endpoint table converted to one), validated, then graded structurally by a library of rules
into the feedback model (app/feedback). docs/api-format.md describes the format and the rules."""
