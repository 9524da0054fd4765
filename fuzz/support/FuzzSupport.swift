/// Shared by every fuzz target (compiled into each binary): deterministic
/// choices derived from the input, the ways of splitting it into chunks,
/// and a property check that libFuzzer reports as a crash.
///
/// Choices (limits, chunk boundaries) come from a hash of the input rather
/// than from a prefix of control bytes, so every seed in fuzz/corpus stays a
/// plain, readable example of its format, and any mutation of it also moves
/// the split points.

/// SplitMix64 seeded with FNV-1a of the input: cheap, deterministic, and
/// good enough to spread chunk sizes.
struct FuzzRandom {
    private var state: UInt64

    init(seed bytes: [UInt8]) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        state = hash
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (`bound` > 0).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// One of `choices`.
    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }
}

/// How an input is handed to a push parser. Every target runs the same input
/// through all three and requires the same result: an incremental parser
/// must not depend on where the reads happened to end.
enum Feeding: CaseIterable {
    /// The whole input in one `append`.
    case whole
    /// One byte per `append`: every state boundary is crossed mid-token.
    case byteByByte
    /// Chunks of 1–64 bytes at input-derived points.
    case randomChunks

    func chunks(_ bytes: [UInt8], seed: [UInt8]) -> [ArraySlice<UInt8>] {
        switch self {
        case .whole:
            return [bytes[...]]
        case .byteByByte:
            return bytes.indices.map { bytes[$0..<$0 + 1] }
        case .randomChunks:
            var random = FuzzRandom(seed: seed)
            _ = random.next()  // decorrelate from the limits drawn with the same seed
            var result: [ArraySlice<UInt8>] = []
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + 1 + random.below(64))
                result.append(bytes[start..<end])
                start = end
            }
            return result
        }
    }
}

/// A property every input must satisfy. Failing traps, which libFuzzer
/// reports as a crash and saves the input as `crash-<sha1>`.
@inline(__always)
func fuzzCheck(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
               file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { fatalError("fuzz property failed: \(message())", file: file, line: line) }
}

/// The input as an array (libFuzzer may pass a null pointer for size 0).
func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// A push parser with the two `append` overloads the servers use: arrays,
/// and raw read buffers.
protocol ByteAppending {
    mutating func append(_ bytes: [UInt8])
    mutating func append(_ bytes: UnsafeRawBufferPointer)
}

extension ByteAppending {
    /// Chunk number `number` through one overload or the other in turn, so
    /// both are exercised.
    mutating func append(chunk: ArraySlice<UInt8>, number: Int) {
        if number % 2 == 0 {
            append(Array(chunk))
        } else {
            chunk.withUnsafeBytes { append($0) }
        }
    }
}
