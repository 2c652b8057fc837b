"""Runs in .venv-rasa: trains IntentPriorFeaturizer on a tiny data set, reloads it and featurizes new messages.

Prints one JSON object for tests/test_intent_prior_featurizer.py to check.
"""

import json
import sys
import tempfile
from pathlib import Path

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from nlu_components.intent_prior_featurizer import IntentPriorFeaturizer  # noqa: E402

EXAMPLES = {
    "greet": ["hi", "hello there", "hey", "good morning", "hiya"],
    "order_status": ["where is my order", "wheres my package", "track my parcel", "has my order shipped",
                     "when will my order arrive"],
    "return_item": ["i want to return this", "how do i send it back", "return my shoes", "exchange for a smaller size",
                    "start a return"],
}


def message(text, intent=None):
    data = {TEXT: text, **({INTENT: intent} if intent else {})}
    found = Message(data=data)
    vector = np.array([[len(text), text.count(" "), 1.0]], dtype=np.float32)  # a stand-in earlier dense featurizer
    found.add_features(Features(vector, FEATURE_TYPE_SENTENCE, TEXT, "earlier_dense"))
    return found


def features_of(found):
    return [f for f in found.features if f.origin == "intent_prior" and f.attribute == TEXT]


def main():
    storage = LocalModelStorage(Path(tempfile.mkdtemp()))
    resource = Resource("intent_prior")
    context = ExecutionContext(GraphSchema({}), node_name="intent_prior")
    config = {**IntentPriorFeaturizer.get_default_config()}
    component = IntentPriorFeaturizer.create(config, storage, resource, context)
    training = TrainingData([message(t, i) for i, texts in EXAMPLES.items() for t in texts])
    component.train(training)
    component.process_training_data(training)
    loaded = IntentPriorFeaturizer.load(config, storage, resource, context)
    probes = [message("where is my parcel"), message("hello"), message("return these boots")]
    loaded.process(probes)
    classes = list(loaded._model["classifier"].classes_)
    report = {
        "classes": classes,
        "scale": config["scale"],
        "training_feature_counts": [len(features_of(m)) for m in training.training_examples],
        "probes": [
            {"types": [f.type for f in features_of(m)],
             "distribution": features_of(m)[0].features.reshape(-1).tolist() if features_of(m) else []}
            for m in probes
        ],
    }
    single = IntentPriorFeaturizer.create(config, LocalModelStorage(Path(tempfile.mkdtemp())), resource, context)
    only_greet = TrainingData([message(t, "greet") for t in EXAMPLES["greet"]])
    single.train(only_greet)
    untrained_probe = message("hello")
    single.process([untrained_probe])
    report["single_intent_feature_count"] = len(features_of(untrained_probe))
    print(json.dumps(report))


if __name__ == "__main__":
    main()
