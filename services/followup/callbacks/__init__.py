"""A contact owed to a customer and every try at it: the agents' queue, claims, attempts,
survey answers and what they decide."""
