/// SplitMix64: a tiny seeded generator, so every "random" test input (splits,
/// fuzzed bytes, shuffled timers) is reproducible from its seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Array where Element == UInt8 {
    /// Cuts the bytes into consecutive pieces of 1…`maxPiece` bytes.
    public func randomPieces(maxPiece: Int, using generator: inout SplitMix64) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var start = 0
        while start < count {
            let end = Swift.min(count, start + Int.random(in: 1...maxPiece, using: &generator))
            pieces.append(Array(self[start..<end]))
            start = end
        }
        return pieces
    }
}
