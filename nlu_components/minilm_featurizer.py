"""Dense features from the packaged all-MiniLM-L6-v2 sentence encoder, for DIET.

Rasa's LanguageModelFeaturizer with two changes for a sentence-transformers model:
- the sentence feature is the mean of the token states (how MiniLM was trained), not the CLS state;
- a token the word-piece tokenizer maps to nothing (a lone emoji modifier, a zero-width joiner) becomes
  [UNK] instead of being dropped, so the sequence lines up with the spaCy tokens DIET also sees.
"""

from __future__ import annotations

from typing import List, Text, Tuple

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.featurizers.dense_featurizer.lm_featurizer import LanguageModelFeaturizer
from rasa.utils.tensorflow.model_data import ragged_array_to_ndarray


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class MiniLMFeaturizer(LanguageModelFeaturizer):
    """LanguageModelFeaturizer for a BERT-architecture sentence encoder with mean pooling."""

    def _lm_tokenize(self, text: Text) -> Tuple[List[int], List[Text]]:
        token_ids, token_strings = super()._lm_tokenize(text)
        if not token_ids:
            return [self.tokenizer.unk_token_id], [self.tokenizer.unk_token]
        return token_ids, token_strings

    def _post_process_sequence_embeddings(self, sequence_embeddings: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """Mean of all token states ([CLS] and [SEP] included) as the sentence; the word pieces as the sequence."""
        sentences = [np.mean(example, axis=0) for example in sequence_embeddings]
        sequences = [example[1:-1] for example in sequence_embeddings]
        return np.array(sentences), ragged_array_to_ndarray(sequences)
