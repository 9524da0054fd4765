import Crypto

/// A 256-bit test secret, as RFC 7518 §3.2 requires for HS256.
let testSecret = Array("gamenight-test-secret-0123456789".utf8)

/// Builds a compact JWS from literal header and payload JSON text, signed
/// with HMAC-SHA256 under `secret` whatever the header claims — for tokens
/// the signer would never produce.
func handMadeToken(header: String, payload: String, secret: [UInt8] = testSecret) -> String {
    let signingInput = Base64.encodeURL(header.utf8) + "." + Base64.encodeURL(payload.utf8)
    let signature = HMACSHA256.authenticationCode(key: secret, message: signingInput.utf8)
    return signingInput + "." + Base64.encodeURL(signature)
}

/// The three parts of a compact token.
func parts(_ token: String) -> [String] {
    token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
}
