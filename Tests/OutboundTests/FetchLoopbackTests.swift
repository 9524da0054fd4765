import Dispatch
import Glibc
import HTTP
import IO
import Outbound
import Testing

/// `CurlDriver.fetch` against real local servers.
struct FetchLoopbackTests {
    typealias Outcome = Result<HTTPFetchResponse, OutboundError>

    /// Answers every request with 200, a header and `body`.
    static func answering(_ body: String) -> @Sendable (Int32) -> Void {
        { fd in
            guard Wire.readHead(fd) != nil else { return }
            Wire.write(fd, "HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\nX-Test: yes\r\n"
                + "Connection: close\r\n\r\n\(body)")
        }
    }

    /// Reads the request, then never answers (until the client hangs up).
    static let stalling: @Sendable (Int32) -> Void = { fd in
        _ = Wire.readHead(fd)
        Wire.drainUntilClosed(fd)
    }

    @Test func get_returnsStatusHeadersAndBody() throws {
        let server = try TestServer(handler: Self.answering("hello, world"))
        let loop = try LoopThread()
        defer { loop.stop(); server.stop() }
        let outcomes = Collector<Outcome>()
        loop.run { driver in
            driver.fetch(HTTPRequest(url: server.baseURL + "/rooms/ABCD", userAgent: "Mozilla/5.0 test")) {
                outcomes.add($0)
            }
        }
        let response = try #require(try outcomes.wait().first?.get())
        #expect(response.status == 200)
        #expect(response.headers["x-test"] == "yes")
        #expect(response.text == "hello, world")
    }

    @Test func post_sendsTheBodyAndHeaders_andDiscardIgnoresTheReply() throws {
        let seen = Collector<String>()
        let server = try TestServer { fd in
            guard let (head, rest) = Wire.readHead(fd) else { return }
            var body = rest
            let length = Int(Wire.header("Content-Length", in: head) ?? "0") ?? 0
            while body.count < length, let more = Wire.read(fd) { body += more }
            seen.add(head + "\n\n" + String(decoding: body, as: UTF8.self))
            Wire.write(fd, "HTTP/1.1 201 Created\r\nContent-Length: 5\r\n\r\nnever")
        }
        let loop = try LoopThread()
        defer { loop.stop(); server.stop() }
        let outcomes = Collector<Outcome>()
        loop.run { driver in
            let request = HTTPRequest(method: "POST", url: server.baseURL + "/hook",
                                      headers: [("X-Webhook-Event", "game.added"), ("Expect", "")],
                                      body: Array(#"{"a":"ü"}"#.utf8), userAgent: "gamenight-webhooks/1",
                                      bodyHandling: .discard)
            driver.fetch(request) { outcomes.add($0) }
        }
        let response = try #require(try outcomes.wait().first?.get())
        #expect(response.status == 201 && response.body.isEmpty)
        let request = try #require(seen.wait().first)
        #expect(request.hasPrefix("POST /hook HTTP/1.1"))
        #expect(request.contains("X-Webhook-Event: game.added"))
        #expect(request.contains("User-Agent: gamenight-webhooks/1"))
        #expect(!request.contains("Expect:"))
        #expect(request.hasSuffix(#"{"a":"ü"}"#))
    }

    @Test func silentServer_timesOut() throws {
        let server = try TestServer(handler: Self.stalling)
        let loop = try LoopThread()
        defer { loop.stop(); server.stop() }
        let outcomes = Collector<Outcome>()
        loop.run { driver in
            driver.fetch(HTTPRequest(url: server.baseURL, timeoutMilliseconds: 300)) { outcomes.add($0) }
        }
        let outcome = try #require(outcomes.wait(seconds: 5).first)
        guard case .failure(let error) = outcome else { Issue.record("expected a timeout, got \(outcome)"); return }
        #expect(error.kind == .timeout)
    }

    @Test func refusedConnection_isAConnectError_namingThePort() throws {
        // A port that was just free: bind, read the number, close.
        let server = try TestServer(handler: { _ in })
        server.stop()
        let loop = try LoopThread()
        defer { loop.stop() }
        let outcomes = Collector<Outcome>()
        loop.run { driver in driver.fetch(HTTPRequest(url: server.baseURL)) { outcomes.add($0) } }
        let outcome = try #require(outcomes.wait().first)
        guard case .failure(let error) = outcome else { Issue.record("expected failure"); return }
        #expect(error.kind == .connect)
        #expect(error.message.contains("\(server.port)"))
    }

    @Test func bodyOverTheCap_isTooLarge() throws {
        let server = try TestServer(handler: Self.answering(String(repeating: "x", count: 5000)))
        let loop = try LoopThread()
        defer { loop.stop(); server.stop() }
        let outcomes = Collector<Outcome>()
        loop.run { driver in
            driver.fetch(HTTPRequest(url: server.baseURL, maxResponseBytes: 1000)) { outcomes.add($0) }
        }
        let outcome = try #require(outcomes.wait().first)
        guard case .failure(let error) = outcome else { Issue.record("expected failure"); return }
        #expect(error.kind == .tooLarge)
    }

    /// 19 prompt servers and one that never answers, all at once: the
    /// prompt ones finish long before the stalled one times out.
    @Test func oneStalledPeer_doesNotDelayTheOthers() throws {
        let prompt = try TestServer(handler: Self.answering("ok"))
        let stalled = try TestServer(handler: Self.stalling)
        let loop = try LoopThread()
        defer { loop.stop(); prompt.stop(); stalled.stop() }
        let outcomes = Collector<(index: Int, result: Outcome, elapsed: UInt64)>()
        let start = MonotonicClock.now()
        loop.run { driver in
            for index in 0..<20 {
                let url = index == 7 ? stalled.baseURL : prompt.baseURL + "/\(index)"
                driver.fetch(HTTPRequest(url: url, timeoutMilliseconds: 1500)) { result in
                    outcomes.add((index, result, MonotonicClock.now() - start))
                }
            }
        }
        let prompts = outcomes.wait(for: 19, seconds: 5)
        #expect(prompts.count >= 19)
        for outcome in prompts.prefix(19) {
            #expect(outcome.index != 7)
            #expect((try? outcome.result.get().status) == 200, "prompt fetch \(outcome.index): \(outcome.result)")
            #expect(outcome.elapsed < 1_000_000_000, "prompt fetch \(outcome.index) took \(outcome.elapsed / 1_000_000) ms")
        }
        let all = outcomes.wait(for: 1, seconds: 5)
        let last = try #require(all.first { $0.index == 7 })
        guard case .failure(let error) = last.result else { Issue.record("stalled fetch succeeded"); return }
        #expect(error.kind == .timeout)
    }
}

/// Scale: one driver, one loop, a thousand transfers in flight at once.
struct FetchScaleTests {
    @Test func aThousandConcurrentFetches_allComplete() throws {
        let server = try TestServer(handler: FetchLoopbackTests.answering("ok"))
        let loop = try LoopThread()
        defer { loop.stop(); server.stop() }
        let outcomes = Collector<Int>()
        let count = 1000
        loop.run { driver in
            for index in 0..<count {
                driver.fetch(HTTPRequest(url: server.baseURL + "/\(index)", timeoutMilliseconds: 8000)) { result in
                    outcomes.add((try? result.get().status) ?? -1)
                }
            }
        }
        let statuses = outcomes.wait(for: count, seconds: 9)
        #expect(statuses.count == count)
        #expect(statuses.allSatisfy { $0 == 200 })
    }
}
