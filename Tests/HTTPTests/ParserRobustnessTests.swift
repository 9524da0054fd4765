@testable import HTTP
import Testing
import TestSupport

struct ParserRobustnessTests {
    /// Randomly corrupted requests must give the same outcome however they
    /// are split, and never crash.
    @Test func corruptedInput_givesTheSameOutcome_whateverTheSplits() {
        let valid = bytes("GET /a?b=c HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\r\n\r\n"
            + "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nxyz"
            + "PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2;e=v\r\nok\r\n0\r\nT: 1\r\n\r\n")
        var generator = SplitMix64(seed: 7)
        let replacements: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x20, 0x3A, 0x3B, 0x7F, 0x80, 0x30, 0x47]
        for _ in 0..<150 {
            var input = valid
            for _ in 0..<(1 + generator.next() % 3) {
                let position = Int(generator.next() % UInt64(input.count))
                input[position] = replacements[Int(generator.next() % UInt64(replacements.count))]
            }
            let parser = HTTPRequestParser(maxHeaderBytes: 128, maxHeaderCount: 4, defaultBodyLimit: 16)
            _ = parseAllWays(input, parser: parser)
        }
    }
}
