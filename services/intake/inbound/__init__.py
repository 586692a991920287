"""Customers' messages from gateways: signed webhooks, threading replies into their
complaint, and reading survey answers and replies for what they say."""
