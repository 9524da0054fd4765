/// Why `JWTSigner.verify` rejected a token.
public enum JWTError: Error, Sendable, Equatable {
    /// Not three unpadded base64url parts, a header or payload that is not a
    /// JSON object, a header without a string `alg`, a `crit` header, or an
    /// `exp`/`nbf` that is not a number.
    case malformed
    /// The header's `alg` is something other than `HS256` (including `none`).
    case unsupportedAlgorithm
    /// The HMAC does not match: wrong secret or altered header/payload.
    case badSignature
    /// `now` is at or after the `exp` claim (RFC 7519 §4.1.4).
    case expired
    /// `now` is before the `nbf` claim (RFC 7519 §4.1.5).
    case notYetValid
}
