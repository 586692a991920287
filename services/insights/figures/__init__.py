"""Figures from the read model: volumes, response and resolution times, deadlines and promises
kept, satisfaction, reopens, repeats and returns, by any dimension and period; the backlog."""
