"""Hand-run benchmarks of product retrieval: quality (nDCG, recall) and speed (build, query, RAM)."""
