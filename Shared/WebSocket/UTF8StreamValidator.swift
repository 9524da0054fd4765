/// An incremental UTF-8 validator (RFC 3629 §4) for text that arrives in
/// pieces, such as the fragments of a WebSocket text message (RFC 6455 §5.6,
/// §8.1).
///
/// A sequence may be split between pieces; the validator remembers how many
/// continuation bytes are still owed and which range the next one must fall
/// in. It fails on the first byte that cannot continue any valid text, so an
/// invalid message is rejected at the fragment that breaks it rather than at
/// its end (what Autobahn's 6.4.x "fail fast" cases check).
///
/// Rejected, per RFC 3629 §4 (`UTF8-2 / UTF8-3 / UTF8-4`):
/// - stray continuation bytes (80–BF as a first byte) and the bytes C0, C1,
///   F5–FF, which never appear;
/// - overlong forms: C0/C1 leads, E0 followed by 80–9F, F0 followed by 80–8F;
/// - UTF-16 surrogates U+D800–U+DFFF: ED followed by A0–BF;
/// - code points above U+10FFFF: F4 followed by 90–BF;
/// - a lead byte not followed by enough continuation bytes (seen at the next
///   byte, or by `isComplete` at the end of the text).
struct UTF8StreamValidator: Sendable, Equatable {
    /// Continuation bytes the current sequence still needs.
    private var pending: UInt8 = 0
    /// Range for the next continuation byte; narrower than 80–BF only right
    /// after E0, ED, F0 and F4.
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    init() {}

    /// Whether the text so far ends on a character boundary. A complete
    /// message that is not complete is invalid.
    var isComplete: Bool { pending == 0 }

    /// Checks the next piece of text. Returns `false` at the first invalid
    /// byte; the validator must not be used after that.
    mutating func validate(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        var index = 0
        while index < count {
            if pending == 0 {
                // ASCII runs, eight bytes at a time.
                while index + 8 <= count,
                      bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                }
                guard index < count else { return true }
                let byte = bytes[index]
                index += 1
                if byte < 0x80 { continue }
                switch byte {
                case 0xC2...0xDF: start(1, 0x80, 0xBF)
                case 0xE0: start(2, 0xA0, 0xBF)
                case 0xE1...0xEC, 0xEE...0xEF: start(2, 0x80, 0xBF)
                case 0xED: start(2, 0x80, 0x9F)
                case 0xF0: start(3, 0x90, 0xBF)
                case 0xF1...0xF3: start(3, 0x80, 0xBF)
                case 0xF4: start(3, 0x80, 0x8F)
                default: return false
                }
            } else {
                let byte = bytes[index]
                guard byte >= lower, byte <= upper else { return false }
                pending -= 1
                lower = 0x80
                upper = 0xBF
                index += 1
            }
        }
        return true
    }

    /// Checks the next piece of text (see `validate(_:)`).
    mutating func validate(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { validate($0) }
    }

    /// Whether `bytes` on their own are complete, valid UTF-8.
    static func isValid(_ bytes: [UInt8]) -> Bool {
        var validator = UTF8StreamValidator()
        return validator.validate(bytes) && validator.isComplete
    }

    @inline(__always)
    private mutating func start(_ continuationCount: UInt8, _ lower: UInt8, _ upper: UInt8) {
        pending = continuationCount
        self.lower = lower
        self.upper = upper
    }
}
