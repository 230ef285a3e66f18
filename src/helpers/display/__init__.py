"""What a notebook shows: setup, charts, tables, the audit and robustness displays, and the exported
figures and tables."""
