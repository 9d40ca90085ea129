"""SMS channel through Kannel: the keyword responder (MO) and the sendsms client (MT)."""

from bot.sms.responder import SmsDeps, add_sms_routes
from bot.sms.sendsms import KannelSmsSender, SmsGatewayError, SmsRejected

__all__ = ["SmsDeps", "add_sms_routes", "KannelSmsSender", "SmsGatewayError", "SmsRejected"]
