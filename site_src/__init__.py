"""Turn several outlets' articles about one story into an annotated digest site."""
