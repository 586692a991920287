"""One customer across channels: contact normalisation, identity, the call-centre screen-pop."""
