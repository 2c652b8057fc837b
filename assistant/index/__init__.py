"""Product index: embeddings in FAISS, metadata and BM25 in SQLite, fused ranking."""
