"""The organisation's routing rules, managed over HTTP with every change audited."""
