"""Open data of the programme: the frab/c3voc schedule XML and JSON, calendar and change feeds,
and the embeddable programme. Only public fields, chosen field by field (docs/architecture.md
"Open data")."""
