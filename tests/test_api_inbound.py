"""Webhook payloads shaped like Meta's documentation become the right inbound messages, and nothing crashes."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from api.inbound import InboundMessage
from api.messenger_inbound import parse_messenger
from api.whatsapp_inbound import parse_whatsapp

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


# fixture -> (kind, text sent to Rasa, readable)
WHATSAPP_CASES = {
    "text": ("text", "Do you have running shoes?", True),
    "interactive_button_reply": ("button_reply", "/search_product", True),
    "interactive_list_reply": ("list_reply", "/order_status", True),
    "button": ("button", "Track my order", True),
    "image": ("image", "", False),
    "audio": ("audio", "", False),
    "video": ("video", "", False),
    "document": ("document", "", False),
    "sticker": ("sticker", "", False),
    "location": ("location", "", False),
    "contacts": ("contacts", "", False),
    "order": ("order", "", False),
    "reaction": ("reaction", "", False),
    "unsupported": ("unsupported", "", False),
}
MESSENGER_CASES = {
    "text": ("text", "Do you have running shoes?", True),
    "quick_reply": ("quick_reply", "/search_product", True),
    "postback": ("postback", '/product_question{"product_id":"MJ01"}', True),
    "postback_without_mid": ("postback", "Get Started", True),
    "attachment_image": ("attachment", "", False),
    "attachment_audio": ("attachment", "", False),
}


@pytest.mark.parametrize("name", WHATSAPP_CASES)
def test_every_documented_whatsapp_message_kind_is_parsed(name):
    batch = parse_whatsapp(load(f"whatsapp/{name}.json"))
    kind, text, readable = WHATSAPP_CASES[name]
    assert len(batch.messages) == 1 and batch.malformed == 0
    message = batch.messages[0]
    assert (message.kind, message.text, message.readable) == (kind, text, readable)
    assert message.conversation == "whatsapp:16505551234"
    assert message.address.phone == "16505551234"
    assert message.profile_name == "Sheena Nelson"
    assert message.message_id.startswith("wamid.")


@pytest.mark.parametrize("name", MESSENGER_CASES)
def test_every_messenger_message_kind_is_parsed(name):
    batch = parse_messenger(load(f"messenger/{name}.json"))
    kind, text, readable = MESSENGER_CASES[name]
    assert len(batch.messages) == 1 and batch.ignored == 0
    message = batch.messages[0]
    assert (message.kind, message.text, message.readable) == (kind, text, readable)
    assert message.conversation == "messenger:6843928398322617"


def test_reaction_needs_no_reply_and_media_kinds_do():
    reaction = parse_whatsapp(load("whatsapp/reaction.json")).messages[0]
    image = parse_whatsapp(load("whatsapp/image.json")).messages[0]
    assert reaction.silent and not image.silent


def test_sender_with_only_a_business_scoped_user_id_is_keyed_on_it():
    message = parse_whatsapp(load("whatsapp/bsuid_only.json")).messages[0]
    assert message.address.phone is None
    assert message.address.user_id == "US.13491208655302741918"
    assert message.conversation == "whatsapp:US.13491208655302741918"
    assert message.profile_name == "Jane" and message.text == "hi there"


def test_whatsapp_statuses_are_recorded_and_never_messages():
    batch = parse_whatsapp(load("whatsapp/statuses.json"))
    assert batch.messages == ()
    assert [s.status for s in batch.statuses] == ["sent", "delivered", "read"]


def test_failed_status_carries_its_error_code():
    status = parse_whatsapp(load("whatsapp/status_failed_131047.json")).statuses[0]
    assert status.status == "failed" and status.errors == ((131047, "Re-engagement message"),)


def test_every_entry_and_change_of_a_whatsapp_batch_is_processed():
    batch = parse_whatsapp(load("whatsapp/batched.json"))
    assert [m.text for m in batch.messages] == ["first", "second", "third"]
    assert [m.conversation for m in batch.messages][-1] == "whatsapp:447700900123"
    assert len(batch.statuses) == 1


def test_every_entry_of_a_messenger_batch_is_processed_and_reads_ignored():
    batch = parse_messenger(load("messenger/batched.json"))
    assert [m.text for m in batch.messages] == ["first", "second"]
    assert batch.ignored == 1


@pytest.mark.parametrize("name", ["echo", "delivery", "read"])
def test_messenger_echoes_deliveries_and_reads_are_ignored(name):
    batch = parse_messenger(load(f"messenger/{name}.json"))
    assert batch.messages == () and batch.ignored == 1


def test_postback_without_mid_gets_the_same_id_when_redelivered():
    first = parse_messenger(load("messenger/postback_without_mid.json")).messages[0]
    again = parse_messenger(load("messenger/postback_without_mid.json")).messages[0]
    assert first.message_id == again.message_id and first.message_id.startswith("postback-")


def _without_each_field(payload: object, path=()):
    """Every copy of the payload with one key removed or one value replaced by null."""
    if isinstance(payload, dict):
        for key, value in payload.items():
            yield path + (key,), "delete"
            yield path + (key,), "null"
            yield from _without_each_field(value, path + (key,))
    elif isinstance(payload, list):
        for index, value in enumerate(payload):
            yield from _without_each_field(value, path + (index,))


def _mutate(payload, path, how):
    copied = copy.deepcopy(payload)
    target = copied
    for step in path[:-1]:
        target = target[step]
    if how == "delete":
        del target[path[-1]]
    else:
        target[path[-1]] = None
    return copied


@pytest.mark.parametrize("name", ["whatsapp/" + n for n in WHATSAPP_CASES] + ["whatsapp/bsuid_only",
                                  "whatsapp/statuses", "messenger/postback", "messenger/quick_reply",
                                  "messenger/attachment_image", "messenger/batched"])
def test_a_missing_or_null_field_anywhere_never_crashes_the_parser(name):
    payload = load(f"{name}.json")
    parse = parse_whatsapp if name.startswith("whatsapp") else parse_messenger
    mutations = list(_without_each_field(payload))
    assert len(mutations) > 10
    for path, how in mutations:
        batch = parse(_mutate(payload, path, how))
        assert all(isinstance(m, InboundMessage) and m.message_id and m.address.key for m in batch.messages)


@pytest.mark.parametrize("payload", [None, [], "text", 3, {"entry": "x"}, {"entry": [None, 1, {"changes": [7]}]}])
def test_payloads_of_the_wrong_shape_parse_to_nothing(payload):
    assert parse_whatsapp(payload).messages == () and parse_messenger(payload).messages == ()


def test_inbound_message_survives_the_inbox_round_trip():
    message = parse_whatsapp(load("whatsapp/bsuid_only.json")).messages[0]
    assert InboundMessage.from_dict(json.loads(json.dumps(message.to_dict()))) == message


def test_metadata_for_rasa_names_the_channel_and_profile():
    message = parse_whatsapp(load("whatsapp/text.json")).messages[0]
    assert message.metadata()["channel"] == "whatsapp"
    assert message.metadata()["profile_name"] == "Sheena Nelson"


def test_messenger_millisecond_timestamps_become_seconds():
    import json
    from pathlib import Path

    from api.messenger_inbound import parse_messenger

    payload = json.loads((Path(__file__).parent / "fixtures" / "messenger" / "attachment_image.json").read_text())
    message = parse_messenger(payload).messages[0]
    assert message.timestamp == 1583173666  # 2020-03-02, not the year 52138
