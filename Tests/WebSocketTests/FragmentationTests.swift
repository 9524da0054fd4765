import Testing
import TestSupport
@testable import WebSocket

/// RFC 6455 §5.4 fragmentation, in the manner of Autobahn 5.x.
struct FragmentationTests {
    @Test(arguments: Feed.all)
    func case5_1and5_2_fragmentedPingOrPong_failsWith1002(feed: Feed) {
        for opcode in [Op.ping, Op.pong] {
            let input = rawFrame(fin: false, opcode: opcode, payload: bytes("fragment1"))
                + rawFrame(opcode: Op.continuation, payload: bytes("fragment2"))
            #expect(run(input, feed: feed).error?.closeCode == 1002)
        }
    }

    @Test(arguments: Feed.all)
    func case5_3to5_5_textInTwoFragments_isOneMessage(feed: Feed) {
        let input = rawFrame(fin: false, opcode: Op.text, payload: bytes("fragment1"))
            + rawFrame(opcode: Op.continuation, payload: bytes("fragment2"))
        #expect(run(input, feed: feed) == Outcome(events: [.text("fragment1fragment2")]))
    }

    @Test(arguments: Feed.all)
    func case5_6to5_8_pingBetweenFragments_isDeliveredFirst(feed: Feed) {
        let input = rawFrame(fin: false, opcode: Op.text, payload: bytes("fragment1"))
            + rawFrame(opcode: Op.ping, payload: bytes("ping payload"))
            + rawFrame(opcode: Op.continuation, payload: bytes("fragment2"))
        #expect(run(input, feed: feed) == Outcome(events: [.ping(bytes("ping payload")), .text("fragment1fragment2")]))
    }

    @Test(arguments: Feed.all)
    func case5_9to5_11_continuationWithoutAMessage_failsWith1002(feed: Feed) {
        for fin in [true, false] {
            let input = rawFrame(fin: fin, opcode: Op.continuation, payload: bytes("non-continuation payload"))
                + rawFrame(opcode: Op.text, payload: bytes("Hello, world!"))
            #expect(run(input, feed: feed) == Outcome(error: .protocolError("continuation frame without a message in progress")))
        }
    }

    @Test func case5_12and5_13_continuationAfterACompletedMessage_failsWith1002() {
        let input = rawFrame(opcode: Op.text, payload: bytes("done")) + rawFrame(opcode: Op.continuation, payload: bytes("late"))
        let outcome = run(input)
        #expect(outcome.events == [.text("done")])
        #expect(outcome.error?.closeCode == 1002)
    }

    @Test(arguments: [Op.text, Op.binary])
    func case5_18_newDataFrameWhileAMessageIsInProgress_failsWith1002(opcode: UInt8) {
        let input = rawFrame(fin: false, opcode: Op.text, payload: bytes("fragment1"))
            + rawFrame(opcode: opcode, payload: bytes("fragment2"))
        #expect(run(input).error == .protocolError("new data frame while a fragmented message is in progress"))
    }

    @Test(arguments: Feed.all)
    func case5_19and5_20_manyFragmentsWithPingsInterleaved_areAssembled(feed: Feed) {
        var input: [UInt8] = []
        for index in 1...5 {
            input += rawFrame(fin: index == 5, opcode: index == 1 ? Op.text : Op.continuation,
                              payload: bytes("fragment\(index)"))
            if index == 2 || index == 4 { input += rawFrame(opcode: Op.ping, payload: bytes("pongme \(index)!")) }
        }
        #expect(run(input, feed: feed) == Outcome(events: [
            .ping(bytes("pongme 2!")), .ping(bytes("pongme 4!")), .text("fragment1fragment2fragment3fragment4fragment5"),
        ]))
    }

    @Test(arguments: Feed.all)
    func emptyFragments_makeAnEmptyOrUnchangedMessage(feed: Feed) {
        let input = rawFrame(fin: false, opcode: Op.text) + rawFrame(fin: false, opcode: Op.continuation)
            + rawFrame(opcode: Op.continuation)
            + rawFrame(fin: false, opcode: Op.binary) + rawFrame(fin: false, opcode: Op.continuation, payload: [1])
            + rawFrame(opcode: Op.continuation)
        #expect(run(input, feed: feed) == Outcome(events: [.text(""), .binary([1])]))
    }

    @Test func fragmentedBinary_isAssembled_andTheAssemblerIsIdleAfterwards() throws {
        var assembler = WebSocketMessageAssembler(maxMessageBytes: 100)
        #expect(try assembler.process(frame(.binary, [1, 2], fin: false)) == nil)
        #expect(assembler.isInsideMessage)
        #expect(try assembler.process(frame(.continuation, [3], fin: false)) == nil)
        #expect(try assembler.process(frame(.continuation, [4, 5])) == .binary([1, 2, 3, 4, 5]))
        #expect(!assembler.isInsideMessage)
        #expect(try assembler.process(frame(.text, bytes("next"))) == .text("next"))
    }

    @Test func closeBetweenFragments_isDeliveredAtOnce() throws {
        var assembler = WebSocketMessageAssembler(maxMessageBytes: 100)
        #expect(try assembler.process(frame(.text, bytes("par"), fin: false)) == nil)
        #expect(try assembler.process(frame(.close, closeBody(1001, bytes("bye")))) == .close(code: 1001, reason: "bye"))
        #expect(assembler.isInsideMessage)
    }

    @Test func framesBuiltElsewhere_areCheckedForRSVAndControlRules() {
        var assembler = WebSocketMessageAssembler(maxMessageBytes: 1000)
        let rsv = caughtError { try assembler.process(WebSocketFrame(rsv2: true, opcode: .binary)) }
        #expect(rsv?.closeCode == 1002)
        assembler = WebSocketMessageAssembler(maxMessageBytes: 1000)
        let fragmentedPing = caughtError { try assembler.process(frame(.ping, [], fin: false)) }
        #expect(fragmentedPing?.closeCode == 1002)
        assembler = WebSocketMessageAssembler(maxMessageBytes: 1000)
        let longPong = caughtError { try assembler.process(frame(.pong, [UInt8](repeating: 0, count: 126))) }
        #expect(longPong?.closeCode == 1002)
    }

    @Test func afterAnError_everyCallThrowsTheSameError() {
        var assembler = WebSocketMessageAssembler(maxMessageBytes: 1000)
        let first = caughtError { try assembler.process(frame(.continuation, [1])) }
        #expect(first?.closeCode == 1002)
        let error = caughtError { try assembler.process(frame(.text, bytes("ok"))) }
        #expect(error == first)
    }
}
