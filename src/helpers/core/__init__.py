"""The lowest layer, shared by the analysis and the build: paths, atomic file writes, the data tables
(load and validate) and the notebook parameters."""
