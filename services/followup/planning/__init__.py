"""What the customer is owed and when: contact plans around quiet hours, holidays, the
agents' hours and capacity."""
