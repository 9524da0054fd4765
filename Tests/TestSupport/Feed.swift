/// How a test input is handed to an incremental parser (HTTP, WebSocket):
/// every rule is checked with each feed and must give the same result.
public enum Feed: Sendable, CustomStringConvertible {
    /// One `append` with every byte.
    case allAtOnce
    /// One `append` per byte.
    case byteByByte
    /// Chunks of random sizes (deterministic per seed).
    case randomSplits(seed: UInt64)

    /// The feeds every WebSocket parser rule is checked with.
    public static let all: [Feed] = [.allAtOnce, .byteByByte, .randomSplits(seed: 1), .randomSplits(seed: 7),
                                     .randomSplits(seed: 42)]

    public var description: String {
        switch self {
        case .allAtOnce: "all at once"
        case .byteByByte: "byte by byte"
        case .randomSplits(let seed): "random splits (seed \(seed))"
        }
    }

    /// The input cut into the chunks this feed appends: mostly small
    /// pieces (1–9 bytes), sometimes up to `largePiece`.
    public func chunks(of input: [UInt8], largePiece: UInt64 = 512) -> [[UInt8]] {
        switch self {
        case .allAtOnce:
            return [input]
        case .byteByByte:
            return input.map { [$0] }
        case .randomSplits(let seed):
            var generator = SplitMix64(seed: seed)
            var chunks: [[UInt8]] = []
            var index = 0
            while index < input.count {
                let bound: UInt64 = generator.next() % 4 == 0 ? largePiece : 9
                let size = min(Int(generator.next() % bound) + 1, input.count - index)
                chunks.append(Array(input[index..<index + size]))
                index += size
            }
            return chunks
        }
    }
}
