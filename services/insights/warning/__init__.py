"""Early warning on the live archive: the surge detector over the read model's series, alerts
kept and published as `insight.deviation_detected`."""
