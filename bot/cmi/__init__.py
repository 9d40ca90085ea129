"""CMI hosted payment (Nestpay "3D Pay Hosting"): HASH ver3, request form, callback, sandbox."""
