"""Publishing and consuming: ports, the Kafka adapters and the in-process bus."""
