import Glibc
import IO
import Outbound
import Testing
import WebSocket

/// `WebSocketClient` against real local servers.
struct WebSocketLoopbackTests {
    enum Event: Sendable, Equatable {
        case open(String?)
        case text(String)
        case close(UInt16, String, OutboundError.Kind?)
    }

    /// Connects, reports every callback as an `Event`; `onOpen` may act.
    func connect(_ url: String, on loop: LoopThread, options: WebSocketClientOptions = .init(),
                 events: Collector<Event>,
                 whenOpen: @escaping @Sendable (LoopBox<WebSocketClient>) -> Void = { _ in },
                 onText: @escaping @Sendable (LoopBox<WebSocketClient>, String) -> Void = { _, _ in }) {
        loop.run { driver in
            let client = WebSocketClient(url: url, options: options, driver: driver)
            let box = LoopBox(value: client)
            client.onOpen = { events.add(.open($0)); whenOpen(box) }
            client.onText = { events.add(.text($0)); onText(box, $0) }
            client.onClose = { code, reason, error in events.add(.close(code, reason, error?.kind)) }
            client.connect()
        }
    }

    @Test func open_echo_close() throws {
        var peer = WebSocketTestPeer(mode: .echo)
        peer.firstMessage = "welcome"  // arrives in the same read as the 101
        let server = try TestServer(handler: { [peer] in peer.serve($0) })
        let loop = try LoopThread()
        defer { loop.stop(); server.stop() }
        let events = Collector<Event>()
        var options = WebSocketClientOptions(subprotocols: ["ecast-v0", "other"], headers: [("User-Agent", "test-agent")])
        options.idleTimeoutMilliseconds = 5_000
        connect("ws://127.0.0.1:\(server.port)/api/v2/rooms/ABCD/play?role=player", on: loop, options: options,
                events: events,
                whenOpen: { box in
                    box.value.send(text: "one")
                    box.value.send(text: "two ü")
                },
                onText: { box, text in if text == "two ü" { box.value.close(code: 1000, reason: "bye") } })
        let seen = events.wait(for: 5)
        #expect(seen == [.open("ecast-v0"), .text("welcome"), .text("one"), .text("two ü"), .close(1000, "bye", nil)])
        let head = try #require(peer.observations.requestHead.withLock { $0 })
        #expect(head.hasPrefix("GET /api/v2/rooms/ABCD/play?role=player HTTP/1.1\r\n"))
        #expect(Wire.header("Sec-WebSocket-Protocol", in: head) == "ecast-v0, other")
        #expect(Wire.header("User-Agent", in: head) == "test-agent")
        #expect(Wire.header("Sec-WebSocket-Version", in: head) == "13")
        #expect(peer.observations.pong.withLock { $0 } == Array("are you there".utf8))
        #expect(peer.observations.closeCode.withLock { $0 } == 1000)
        // pong, "one", "two ü", close: every frame masked, each with its own key.
        let keys = peer.observations.maskKeys.withLock { $0 }
        #expect(keys.count == 4)
        #expect(Set(keys).count == keys.count)
    }

    @Test func badAcceptKey_isRejected() throws {
        let peer = WebSocketTestPeer(mode: .badAccept)
        let server = try TestServer(handler: { [peer] in peer.serve($0) })
        let loop = try LoopThread()
        defer { loop.stop(); server.stop() }
        let events = Collector<Event>()
        connect("ws://127.0.0.1:\(server.port)/", on: loop, events: events)
        #expect(events.wait() == [.close(1006, "", .protocolViolation)])
    }

    @Test func maskedServerFrame_failsWith1002() throws {
        let peer = WebSocketTestPeer(mode: .maskedFrame)
        let server = try TestServer(handler: { [peer] in peer.serve($0) })
        let loop = try LoopThread()
        defer { loop.stop(); server.stop() }
        let events = Collector<Event>()
        connect("ws://127.0.0.1:\(server.port)/", on: loop, events: events)
        let seen = events.wait(for: 2)
        #expect(seen == [.open(nil), .close(1002, "server frame masked", .protocolViolation)])
        // The server got our Close with 1002 before the connection went.
        for _ in 0..<100 where peer.observations.closeCode.withLock({ $0 }) == nil { usleepMillis(10) }
        #expect(peer.observations.closeCode.withLock { $0 } == 1002)
    }

    @Test func silentServer_hitsTheConnectTimeout() throws {
        let server = try TestServer(handler: FetchLoopbackTests.stalling)
        let loop = try LoopThread()
        defer { loop.stop(); server.stop() }
        let events = Collector<Event>()
        connect("ws://127.0.0.1:\(server.port)/", on: loop,
                options: WebSocketClientOptions(connectTimeoutMilliseconds: 300), events: events)
        #expect(events.wait() == [.close(1006, "", .timeout)])
    }

    @Test func wss_opensEchoesAndCloses_verifyingAgainstTheTestCertificate() throws {
        let server = try TLSEchoServer()
        let loop = try LoopThread()
        defer { loop.stop(); server.stop() }
        let events = Collector<Event>()
        let long = String(repeating: "é", count: 200)  // > 125 bytes: 16-bit length on the wire
        connect("wss://localhost:\(server.port)/socket", on: loop,
                options: WebSocketClientOptions(tls: TLSOptions(caFile: server.certificate)), events: events,
                whenOpen: { box in box.value.send(text: long) },
                onText: { box, _ in box.value.close() })
        #expect(events.wait(for: 3) == [.open(nil), .text(long), .close(1000, "", nil)])
    }

    @Test func wss_withAnUntrustedCertificate_failsWithTLS() throws {
        let server = try TLSEchoServer()
        let loop = try LoopThread()
        defer { loop.stop(); server.stop() }
        let events = Collector<Event>()
        connect("wss://localhost:\(server.port)/", on: loop, events: events)
        #expect(events.wait() == [.close(1006, "", .tls)])
    }
}

func usleepMillis(_ milliseconds: UInt32) {
    var spec = timespec(tv_sec: 0, tv_nsec: Int(milliseconds) * 1_000_000)
    nanosleep(&spec, nil)
}

/// Scale: many WebSocket connections open at once on one driver, each with
/// its own libcurl connection cache.
struct WebSocketScaleTests {
    @Test func aThousandConnections_openEchoAndClose() throws {
        let peer = WebSocketTestPeer(mode: .echo)
        let server = try TestServer(handler: { [peer] in peer.serve($0) })
        let loop = try LoopThread()
        defer { loop.stop(); server.stop() }
        let count = 1000
        let opened = Collector<Int>()
        let closed = Collector<UInt16>()
        let openCount = LoopBox(value: Counter())
        loop.run { driver in
            for index in 0..<count {
                let client = WebSocketClient(url: "ws://127.0.0.1:\(server.port)/\(index)", driver: driver)
                let box = LoopBox(value: client)
                client.onOpen = { _ in
                    opened.add(index)
                    openCount.value.value += 1
                    // Everyone is open at the same time before anyone talks.
                    if openCount.value.value == count {
                        for other in openCount.value.clients { other.send(text: "hello") }
                    }
                }
                client.onText = { _ in box.value.close() }
                client.onClose = { code, _, _ in closed.add(code) }
                openCount.value.clients.append(client)
                client.connect()
            }
        }
        #expect(opened.wait(for: count, seconds: 8).count == count)
        let codes = closed.wait(for: count, seconds: 8)
        #expect(codes.count == count)
        #expect(codes.allSatisfy { $0 == 1000 })
    }

    final class Counter {
        var value = 0
        var clients: [WebSocketClient] = []
    }
}
