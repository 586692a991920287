"""Working time and the supervision ladder: warning, urge (催办), supervision (督办)."""
