"""Reader-facing wording in Dutch and English: the label catalogue, the audit's and the findings'
sentences, number formatting and markup escaping."""
