import JSON

extension JWTSigner {
    /// Checks `token` and returns its claims, following RFC 7515 §5.2 and
    /// RFC 7519 §7.2 in this order:
    ///
    /// 1. Exactly three `.`-separated parts, each unpadded base64url
    ///    (RFC 7515 §2, §7.1), else `.malformed`.
    /// 2. The header is a JSON object with an `alg` string (§4.1.1), else
    ///    `.malformed`; `alg` must be `HS256`, else `.unsupportedAlgorithm`.
    ///    A `crit` header is rejected as `.malformed` because this verifier
    ///    understands no extensions (§4.1.11).
    /// 3. The signature must equal HMAC-SHA256 over the signing input exactly
    ///    as received (never re-serialised), compared in constant time, else
    ///    `.badSignature`. The payload is not parsed before this point.
    /// 4. The payload is a JSON object, else `.malformed`.
    /// 5. `exp`, if present, must be a number with `now < exp`
    ///    (RFC 7519 §4.1.4), else `.malformed` / `.expired`; `nbf`, if
    ///    present, must be a number with `now >= nbf` (§4.1.5), else
    ///    `.malformed` / `.notYetValid`. No clock-skew leeway is applied.
    ///
    /// Duplicate member names in header or payload resolve to the lexically
    /// last value, because that is what `JSONValue.parse` does; RFC 7515 §5.2
    /// step 4 and RFC 7519 §4 allow exactly this as the alternative to
    /// rejecting the token.
    ///
    /// `now` is seconds since the Unix epoch (NumericDate, RFC 7519 §2).
    public func verify(_ token: String, now: Int64) -> Result<JSONObject, JWTError> {
        let parts = token.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, !token.utf8.contains(UInt8(ascii: "=")),
              let headerBytes = Base64.decodeURL(Substring(parts[0])),
              let payloadBytes = Base64.decodeURL(Substring(parts[1])),
              let signatureBytes = Base64.decodeURL(Substring(parts[2]))
        else { return .failure(.malformed) }

        guard let header = Self.object(headerBytes) else { return .failure(.malformed) }
        guard case .string(let algorithm)? = header["alg"], header["crit"] == nil else {
            return .failure(.malformed)
        }
        guard algorithm == "HS256" else { return .failure(.unsupportedAlgorithm) }

        let signingInput = token.utf8[..<parts[1].endIndex]
        guard ConstantTime.equals(signature(over: signingInput), signatureBytes) else {
            return .failure(.badSignature)
        }

        guard let claims = Self.object(payloadBytes) else { return .failure(.malformed) }
        if let error = Self.timeError(claims, now: now) { return .failure(error) }
        return .success(claims)
    }

    /// The JSON object in `bytes`, or `nil` if they are not a JSON object.
    private static func object(_ bytes: [UInt8]) -> JSONObject? {
        guard case .object(let object)? = try? JSONValue.parse(bytes) else { return nil }
        return object
    }

    /// The first violated time claim, if any: `exp` (RFC 7519 §4.1.4), then
    /// `nbf` (§4.1.5).
    private static func timeError(_ claims: JSONObject, now: Int64) -> JWTError? {
        if let exp = claims["exp"] {
            guard let beforeExpiry = instant(now, isBefore: exp) else { return .malformed }
            guard beforeExpiry else { return .expired }
        }
        if let nbf = claims["nbf"] {
            guard let beforeStart = instant(now, isBefore: nbf) else { return .malformed }
            guard !beforeStart else { return .notYetValid }
        }
        return nil
    }

    /// Whether `now` is strictly earlier than the NumericDate `date`
    /// (RFC 7519 §2: seconds, possibly fractional), or `nil` if `date` is
    /// not a number. Integers are compared exactly, without a trip through
    /// `Double`.
    private static func instant(_ now: Int64, isBefore date: JSONValue) -> Bool? {
        switch date {
        case .int(let seconds): now < seconds
        case .double(let seconds): Double(now) < seconds
        default: nil
        }
    }
}
