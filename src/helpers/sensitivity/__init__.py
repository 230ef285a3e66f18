"""The multiverse: every finding and verdict under every combination of the analyst's choices."""
