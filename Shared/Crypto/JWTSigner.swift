import JSON

/// Issues and checks JSON Web Tokens (RFC 7519) in JWS Compact
/// Serialization (RFC 7515 §7.1) with exactly one algorithm: HS256,
/// HMAC-SHA256 with a shared secret (RFC 7518 §3.2).
///
/// Accepting a single fixed algorithm is deliberate: a verifier that lets the
/// token's header choose (`none`, or an asymmetric algorithm keyed with the
/// HMAC secret) can be made to accept forgeries (RFC 8725 §2.1, §3.1).
public struct JWTSigner: Sendable {
    /// The HMAC key. RFC 7518 §3.2 requires at least 256 bits for HS256;
    /// shorter secrets still work but are the caller's risk.
    private let secret: [UInt8]

    /// BASE64URL(UTF8(`{"alg":"HS256","typ":"JWT"}`)), the only header this
    /// signer emits (RFC 7515 §7.1; `typ` per RFC 7519 §5.1).
    static let encodedHeader = Base64.encodeURL(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))

    public init(secret: [UInt8]) {
        self.secret = secret
    }

    /// Returns `header.payload.signature` where the payload is `claims` as
    /// compact JSON and the signature is the HMAC-SHA256 of the ASCII
    /// signing input `header.payload` (RFC 7515 §5.1 steps 1–7).
    public func sign(_ claims: JSONObject) -> String {
        let payload = Base64.encodeURL(JSONValue.object(claims).serialized)
        let signingInput = Self.encodedHeader + "." + payload
        return signingInput + "." + Base64.encodeURL(signature(over: signingInput.utf8))
    }

    /// The JWS Signature for HS256: HMAC-SHA256 over the JWS Signing Input
    /// (RFC 7518 §3.2).
    func signature(over signingInput: some Collection<UInt8>) -> [UInt8] {
        HMACSHA256.authenticationCode(key: secret, message: signingInput)
    }
}
