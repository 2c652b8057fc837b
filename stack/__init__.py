"""Runs the three processes of the assistant (action server, Rasa, bridge) for `make run` and the tests."""
