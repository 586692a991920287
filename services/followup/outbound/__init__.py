"""Messages to customers: texts from templates, the dispatcher, SMS and e-mail transports."""
