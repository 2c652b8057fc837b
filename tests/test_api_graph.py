"""The Graph API client against a real local HTTP server: retries only when Meta certainly did not send."""

from __future__ import annotations

import time

import pytest

from api.graph import GraphClient, GraphOutcomeUnknown, GraphRejected, GraphRetryLater
from tests.fakes.graph_server import FakeGraph
from tests.integration_stack import free_port

TEXT = {"messaging_product": "whatsapp", "to": "16505551234", "type": "text", "text": {"body": "hi"}}


@pytest.fixture
def graph():
    with FakeGraph(token="test-token") as fake:
        yield fake


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def client(graph, sleeps):
    return GraphClient(graph.url, timeout_seconds=1.0, max_retries=3, max_backoff_seconds=5.0, sleep=sleeps.append)


def test_message_is_posted_with_the_bearer_token(client, graph):
    answer = client.post("106540352242922/messages", "test-token", TEXT)
    assert answer["messages"][0]["id"].startswith("wamid.")
    [recorded] = graph.messages()
    assert recorded.path == "/v21.0/106540352242922/messages" and recorded.body == TEXT


def test_429_then_200_waits_as_long_as_retry_after_says(client, graph, sleeps):
    graph.fail_next(1, "429", retry_after="2")
    client.post("106540352242922/messages", "test-token", TEXT)
    assert sleeps == [2.0]
    assert len(graph.messages()) == 1 and len(graph.requests) == 2


def test_server_errors_are_retried_with_growing_backoff(client, graph, sleeps):
    graph.fail_next(2, "500")
    client.post("106540352242922/messages", "test-token", TEXT)
    assert len(sleeps) == 2 and sleeps[1] > sleeps[0]
    assert len(graph.messages()) == 1


def test_persistent_throttling_gives_up_with_retry_later(client, graph, sleeps):
    graph.fail_next(10, "429", retry_after="1")
    with pytest.raises(GraphRetryLater) as raised:
        client.post("106540352242922/messages", "test-token", TEXT)
    assert len(graph.requests) == 4 and sleeps == [1.0, 1.0, 1.0]
    assert raised.value.retry_after == 1.0


def test_retry_after_longer_than_the_cap_is_handed_back_without_sleeping(client, graph, sleeps):
    graph.fail_next(1, "429", retry_after="120")
    with pytest.raises(GraphRetryLater) as raised:
        client.post("106540352242922/messages", "test-token", TEXT)
    assert raised.value.retry_after == 120.0 and sleeps == [] and len(graph.requests) == 1


@pytest.mark.parametrize("fault, code", [("131047", 131047), ("outside_window", 10), ("551", 551), ("190", 190)])
def test_documented_refusals_are_not_retried(client, graph, sleeps, fault, code):
    graph.fail_next(1, fault)
    with pytest.raises(GraphRejected) as raised:
        client.post("me/messages", "test-token", {"recipient": {"id": "1"}, "message": {"text": "hi"}})
    assert raised.value.code == code and len(graph.requests) == 1 and sleeps == []


def test_outside_the_24_hour_window_is_explained(client, graph):
    graph.fail_next(1, "131047")
    with pytest.raises(GraphRejected, match="24 hours"):
        client.post("106540352242922/messages", "test-token", TEXT)


def test_messenger_rate_limit_code_613_is_retried(client, graph, sleeps):
    graph.fail_next(1, "613")
    client.post("me/messages", "test-token", {"recipient": {"id": "1"}, "message": {"text": "hi"}})
    assert len(sleeps) == 1 and len(graph.messages()) == 1


def test_a_request_that_got_no_answer_is_not_sent_again(client, graph):
    graph.hang_seconds = 2.0
    graph.fail_next(1, "hang")
    with pytest.raises(GraphOutcomeUnknown):
        client.post("106540352242922/messages", "test-token", TEXT)
    time.sleep(graph.hang_seconds)
    assert len(graph.requests) == 1 and graph.requests[0].answered == 200


def test_connection_refused_is_retried_because_nothing_was_sent(sleeps):
    client = GraphClient(f"http://127.0.0.1:{free_port()}/v21.0", max_retries=2, sleep=sleeps.append)
    with pytest.raises(GraphRetryLater):
        client.post("me/messages", "t", {})
    assert len(sleeps) == 2
