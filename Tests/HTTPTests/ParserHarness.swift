@testable import HTTP
import Testing

/// How a test input is handed to the parser.
enum Feed: CustomStringConvertible {
    /// One `append` with every byte.
    case allAtOnce
    /// One `append` per byte.
    case byteByByte
    /// Chunks of random sizes (deterministic per seed).
    case randomSplits(seed: UInt64)

    var description: String {
        switch self {
        case .allAtOnce: "all at once"
        case .byteByByte: "byte by byte"
        case .randomSplits(let seed): "random splits (seed \(seed))"
        }
    }

    /// The input cut into the chunks this feed appends.
    func chunks(of input: [UInt8]) -> [[UInt8]] {
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
                // Mostly small pieces, sometimes large ones.
                let bound = generator.next() % 4 == 0 ? 512 : 9
                let size = min(Int(generator.next() % UInt64(bound)) + 1, input.count - index)
                chunks.append(Array(input[index..<index + size]))
                index += size
            }
            return chunks
        }
    }
}

/// A deterministic generator, so a failing split is reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Everything the parser produced for one input: events until the input ran
/// out or an error was thrown.
struct ParseOutcome: Equatable, CustomStringConvertible {
    var events: [HTTPParserEvent] = []
    var error: HTTPParseError?

    var heads: [HTTPRequestHead] {
        events.compactMap { if case .head(let head) = $0 { head } else { nil } }
    }

    var bodies: [[UInt8]] {
        events.compactMap { if case .complete(let body) = $0 { body } else { nil } }
    }

    var description: String {
        let names = events.map { event in
            switch event {
            case .head(let head): "head(\(head.method) \(head.target))"
            case .complete(let body): "complete(\(body.count) bytes)"
            }
        }
        return "\(names) error: \(error.map { "\($0)" } ?? "none")"
    }
}

/// Called after each `.head`, before the next `next()`.
typealias HeadHook = (inout HTTPRequestParser, HTTPRequestHead) -> Void

/// Feeds `input` in the given way, draining events after every append.
func parse(
    _ input: [UInt8], feed: Feed, parser: HTTPRequestParser = HTTPRequestParser(),
    onHead: HeadHook = { _, _ in }
) -> ParseOutcome {
    var parser = parser
    var outcome = ParseOutcome()
    for (number, chunk) in feed.chunks(of: input).enumerated() {
        // Exercise both append overloads.
        if number % 2 == 0 {
            parser.append(chunk)
        } else {
            chunk.withUnsafeBytes { parser.append($0) }
        }
        do {
            while let event = try parser.next() {
                outcome.events.append(event)
                if case .head(let head) = event { onHead(&parser, head) }
            }
        } catch {
            outcome.error = error
            return outcome
        }
    }
    return outcome
}

/// Parses `input` all at once, byte by byte and with several random splits;
/// expects identical outcomes and returns it.
func parseAllWays(
    _ input: [UInt8], parser: HTTPRequestParser = HTTPRequestParser(), onHead: HeadHook = { _, _ in },
    sourceLocation: SourceLocation = #_sourceLocation
) -> ParseOutcome {
    let reference = parse(input, feed: .allAtOnce, parser: parser, onHead: onHead)
    var feeds: [Feed] = [.byteByByte]
    feeds += (1...6).map { Feed.randomSplits(seed: $0) }
    for feed in feeds {
        let outcome = parse(input, feed: feed, parser: parser, onHead: onHead)
        #expect(outcome == reference, "fed \(feed)", sourceLocation: sourceLocation)
    }
    return reference
}

func parseAllWays(
    _ text: String, parser: HTTPRequestParser = HTTPRequestParser(), onHead: HeadHook = { _, _ in },
    sourceLocation: SourceLocation = #_sourceLocation
) -> ParseOutcome {
    parseAllWays(Array(text.utf8), parser: parser, onHead: onHead, sourceLocation: sourceLocation)
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
