import RPC
import Testing
import TestSupport

@Suite struct LineFramerTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Appends each piece and drains every frame available after it.
    private func frames(from pieces: [[UInt8]], maxFrameBytes: Int = 1 << 20) throws -> [String] {
        var framer = LineFramer(maxFrameBytes: maxFrameBytes)
        var result: [String] = []
        for piece in pieces {
            framer.append(piece)
            while let frame = try framer.nextFrame() {
                result.append(String(decoding: frame, as: UTF8.self))
            }
        }
        return result
    }

    @Test func completeLine_IsReturnedWithoutItsNewline() throws {
        var framer = LineFramer()
        framer.append(bytes("{\"a\":1}\n"))
        #expect(try framer.nextFrame() == bytes("{\"a\":1}"))
        #expect(try framer.nextFrame() == nil)
        #expect(framer.bufferedByteCount == 0)
    }

    @Test func lineWithoutNewline_WaitsForMoreInput() throws {
        var framer = LineFramer()
        framer.append(bytes("partial"))
        #expect(try framer.nextFrame() == nil)
        #expect(framer.bufferedByteCount == 7)
        framer.append(bytes(" line\n"))
        #expect(try framer.nextFrame() == bytes("partial line"))
    }

    @Test func severalLinesInOneAppend_AreReturnedInOrder() throws {
        #expect(try frames(from: [bytes("one\ntwo\nthree\nfour")]) == ["one", "two", "three"])
    }

    @Test func crlf_IsStripped_ButOnlyOneTrailingCarriageReturn() throws {
        #expect(try frames(from: [bytes("a\r\nb\rc\r\n\r\r\n")]) == ["a", "b\rc", "\r"])
    }

    @Test func emptyLines_AreSkipped() throws {
        #expect(try frames(from: [bytes("\n\n\r\none\n\n\r\n\ntwo\n\n")]) == ["one", "two"])
        var framer = LineFramer()
        framer.append(bytes("\n\r\n\n"))
        #expect(try framer.nextFrame() == nil)
        #expect(framer.bufferedByteCount == 0)
    }

    @Test func carriageReturnAndNewline_SplitAcrossAppends_AreStillStripped() throws {
        #expect(try frames(from: [bytes("abc\r"), bytes("\ndef\r"), bytes("\n")]) == ["abc", "def"])
    }

    @Test func bytesFedOneAtATime_YieldTheSameFrames() throws {
        let stream = bytes("{\"id\":1}\r\n\n{\"id\":2}\n\r\n{\"id\":3,\"s\":\"é\"}\n")
        let pieces = stream.map { [$0] }
        #expect(try frames(from: pieces) == ["{\"id\":1}", "{\"id\":2}", "{\"id\":3,\"s\":\"é\"}"])
    }

    @Test(arguments: [1, 2, 3, 7, 64, 5000])
    func randomSplits_YieldTheSameFrames(maxPiece: Int) throws {
        var generator = SplitMix64(seed: UInt64(maxPiece))
        var expected: [String] = []
        var stream: [UInt8] = []
        for index in 0..<300 {
            let line = String(repeating: "x", count: Int.random(in: 0...200, using: &generator)) + "#\(index)"
            expected.append(line)
            stream += bytes(line) + (index % 3 == 0 ? bytes("\r\n") : bytes("\n"))
            if index % 5 == 0 { stream += bytes("\n") }
        }
        let pieces = stream.randomPieces(maxPiece: maxPiece, using: &generator)
        #expect(try frames(from: pieces) == expected)
    }

    @Test func appendFromRawBuffer_MatchesAppendFromArray() throws {
        var framer = LineFramer()
        bytes("raw\nbuf").withUnsafeBytes { framer.append($0) }
        framer.append(UnsafeRawBufferPointer(start: nil, count: 0))
        bytes("fer\n").withUnsafeBytes { framer.append($0) }
        #expect(try framer.nextFrame() == bytes("raw"))
        #expect(try framer.nextFrame() == bytes("buffer"))
    }

    @Test func frameOfExactlyMaxBytes_IsAccepted() throws {
        let line = [UInt8](repeating: UInt8(ascii: "a"), count: 16)
        #expect(try frames(from: [line + [0x0A]], maxFrameBytes: 16) == [String(repeating: "a", count: 16)])
        #expect(try frames(from: [line + [0x0D, 0x0A]], maxFrameBytes: 16) == [String(repeating: "a", count: 16)])
    }

    @Test func frameOfMaxPlusOneBytes_Throws() {
        let line = [UInt8](repeating: UInt8(ascii: "a"), count: 17)
        #expect(throws: LineFramerError.frameTooLarge) { try frames(from: [line + [0x0A]], maxFrameBytes: 16) }
        #expect(throws: LineFramerError.frameTooLarge) { try frames(from: [line + [0x0D, 0x0A]], maxFrameBytes: 16) }
    }

    @Test func tooLargeFrame_IsDetectedBeforeItsNewlineArrives() throws {
        var framer = LineFramer(maxFrameBytes: 16)
        framer.append([UInt8](repeating: UInt8(ascii: "a"), count: 16))
        #expect(try framer.nextFrame() == nil)
        framer.append([UInt8(ascii: "a")])
        #expect(throws: LineFramerError.frameTooLarge) { try framer.nextFrame() }
    }

    @Test func pendingMaxBytesFollowedByCarriageReturn_WaitsForTheNewline() throws {
        var framer = LineFramer(maxFrameBytes: 16)
        framer.append([UInt8](repeating: UInt8(ascii: "a"), count: 16) + [0x0D])
        #expect(try framer.nextFrame() == nil)
        framer.append([0x0A])
        #expect(try framer.nextFrame()?.count == 16)
    }

    @Test func pendingCarriageReturnFollowedByMoreText_Throws() throws {
        var framer = LineFramer(maxFrameBytes: 16)
        framer.append([UInt8](repeating: UInt8(ascii: "a"), count: 16) + [0x0D])
        #expect(try framer.nextFrame() == nil)
        framer.append([UInt8(ascii: "b")])
        #expect(throws: LineFramerError.frameTooLarge) { try framer.nextFrame() }
    }

    @Test func tooLargeFrame_IsDetectedWhenFedByteByByte() throws {
        var framer = LineFramer(maxFrameBytes: 100)
        var thrownAfter: Int?
        for count in 1...1000 {
            framer.append([UInt8(ascii: "z")])
            do {
                _ = try framer.nextFrame()
            } catch {
                thrownAfter = count
                break
            }
        }
        #expect(thrownAfter == 101)
    }

    @Test func framesBeforeATooLargeOne_AreStillDelivered() throws {
        var framer = LineFramer(maxFrameBytes: 8)
        framer.append(bytes("ok\n") + [UInt8](repeating: UInt8(ascii: "a"), count: 9))
        #expect(try framer.nextFrame() == bytes("ok"))
        #expect(throws: LineFramerError.frameTooLarge) { try framer.nextFrame() }
    }

    @Test func error_IsTerminal() throws {
        var framer = LineFramer(maxFrameBytes: 4)
        framer.append(bytes("too long\n"))
        #expect(throws: LineFramerError.frameTooLarge) { try framer.nextFrame() }
        framer.append(bytes("ok\n"))
        #expect(throws: LineFramerError.frameTooLarge) { try framer.nextFrame() }
        #expect(framer.bufferedByteCount == 0)
    }

    /// Pieces of 5–9 KB leave a partial line behind a consumed prefix larger
    /// than the compaction threshold, so the framer compacts on most appends.
    @Test func manyFramesThroughOneFramer_SurviveCompaction() throws {
        var stream: [UInt8] = []
        for index in 0..<20_000 {
            stream += bytes("frame-\(index)-" + String(repeating: "p", count: index % 50) + "\n")
        }
        var generator = SplitMix64(seed: 42)
        var framer = LineFramer(maxFrameBytes: 1024)
        var received: [Int] = []
        var start = 0
        while start < stream.count {
            let end = min(stream.count, start + Int.random(in: 5000...9000, using: &generator))
            framer.append(Array(stream[start..<end]))
            start = end
            while let frame = try framer.nextFrame() {
                let text = String(decoding: frame, as: UTF8.self)
                received.append(Int(text.split(separator: "-")[1])!)
            }
        }
        #expect(received == Array(0..<20_000))
        #expect(framer.bufferedByteCount == 0)
    }

    @Test func longLineInSmallPieces_IsReturnedWhole_AfterEarlierFrames() throws {
        var framer = LineFramer()
        framer.append(bytes("first\n"))
        #expect(try framer.nextFrame() == bytes("first"))
        let long = [UInt8](repeating: UInt8(ascii: "L"), count: 300_000)
        var produced: [[UInt8]] = []
        for start in stride(from: 0, to: long.count, by: 1000) {
            framer.append(Array(long[start..<(start + 1000)]))
            if let frame = try framer.nextFrame() { produced.append(frame) }
        }
        #expect(produced.isEmpty)
        #expect(framer.bufferedByteCount == long.count)
        framer.append(bytes("\nafter\n"))
        #expect(try framer.nextFrame() == long)
        #expect(try framer.nextFrame() == bytes("after"))
    }

    @Test func hugeLimit_DoesNotOverflowTheSizeCheck() throws {
        var framer = LineFramer(maxFrameBytes: .max)
        framer.append(bytes("abc"))
        #expect(try framer.nextFrame() == nil)
        framer.append(bytes("\n"))
        #expect(try framer.nextFrame() == bytes("abc"))
    }

    @Test func defaultMaximum_Is16MiB() {
        #expect(LineFramer().maxFrameBytes == 16 * 1024 * 1024)
    }
}
