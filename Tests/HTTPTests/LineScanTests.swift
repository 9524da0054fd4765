@testable import HTTP
import Testing
import TestSupport

struct LineScanTests {
    /// The byte-at-a-time definition the word-at-a-time scan must agree with.
    private func naiveScan(_ bytes: [UInt8], from start: Int, to stop: Int) -> (end: Int, controls: Int) {
        var controls = 0
        for index in start..<stop {
            let byte = bytes[index]
            if byte == ASCII.lf { return (index, controls) }
            if (byte < 0x20 && byte != ASCII.tab) || byte == 0x7F { controls += 1 }
        }
        return (stop, controls)
    }

    @Test func wordAtATimeScan_agreesWithByteAtATimeScan_onRandomInput() {
        var generator = SplitMix64(seed: 42)
        let interesting: [UInt8] = [0x0A, 0x0D, 0x09, 0x7F, 0x00, 0x1F, 0x20, 0x80, 0xFF, 0x7E, 0x21]
        for _ in 0..<5_000 {
            let count = Int(generator.next() % 64)
            let bytes: [UInt8] = (0..<count).map { _ in
                generator.next() % 3 == 0
                    ? interesting[Int(generator.next() % UInt64(interesting.count))]
                    : UInt8(0x20 + generator.next() % 0x5F)
            }
            let start = count == 0 ? 0 : Int(generator.next() % UInt64(count))
            let stop = start + Int(generator.next() % UInt64(count - start + 1))
            let fast = bytes.withUnsafeBufferPointer { LineScan.scan($0, from: start, to: stop) }
            let slow = naiveScan(bytes, from: start, to: stop)
            #expect(fast == slow, "\(bytes) \(start)..<\(stop)")
            if fast != slow { return }
        }
    }

    @Test func lineFeed_isFoundInEveryPositionOfAWord() {
        for position in 0..<24 {
            var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 24)
            bytes[position] = ASCII.lf
            let result = bytes.withUnsafeBufferPointer { LineScan.scan($0, from: 0, to: 24) }
            #expect(result.end == position)
            #expect(result.controls == 0)
        }
    }
}
