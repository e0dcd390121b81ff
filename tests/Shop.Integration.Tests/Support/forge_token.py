"""Signs a JWT with the private key moto's Cognito signs its tokens with (a fixed, public test key).

Tests use it to make tokens a real user pool would never issue: expired, from another issuer,
for another client. Reads the header and the claims as JSON from argv, prints the token.
"""
import json
import sys

from joserfc import jwt
from joserfc.jwk import RSAKey
from moto.utilities.utils import load_resource

key = RSAKey.import_key(load_resource("moto.cognitoidp.models", "resources/jwks-private.json"))
print(jwt.encode(json.loads(sys.argv[1]), json.loads(sys.argv[2]), key))
