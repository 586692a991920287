"""Provider dialects: SMS and e-mail gateways' webhooks, verified and turned into messages."""
