@testable import HTTP
import Testing
import TestSupport

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
