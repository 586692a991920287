"""Development and test infrastructure: throwaway PostgreSQL and Kafka, service processes."""
