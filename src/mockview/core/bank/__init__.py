"""Question banks: the format, loading and validation, discovery, and the article importer."""
