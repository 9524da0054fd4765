import Glibc
import IO

/// Opens the clients in batches, then runs the rounds and prints the figures.
final class FanoutRun: @unchecked Sendable {
    let loop: EventLoop
    let port: UInt16
    let token: String
    let session: Int
    let sessionGame: Int
    let clientCount: Int
    let rounds: Int
    private var clients: [FanoutClient] = []
    private var ready = 0
    private var failed = 0
    private var batchPending = 0
    private let batchSize = 500
    private(set) var marker: String?
    private var pending = 0
    private var sentAt: UInt64 = 0
    private var replyAt: UInt64?
    private var round = 0
    private var roundTimes: [Double] = []
    private var latencies: [Double] = []
    private var replies: [Double] = []
    private var openedAt: UInt64 = 0

    init(loop: EventLoop, port: UInt16, token: String, session: Int, sessionGame: Int, clientCount: Int, rounds: Int) {
        self.loop = loop
        self.port = port
        self.token = token
        self.session = session
        self.sessionGame = sessionGame
        self.clientCount = clientCount
        self.rounds = rounds
    }

    func start() {
        openedAt = MonotonicClock.now()
        openBatch()
    }

    private func openBatch() {
        let first = clients.count
        let count = min(batchSize, clientCount - first)
        guard count > 0 else { return allOpen() }
        batchPending = count
        for index in first..<first + count {
            do {
                let (fd, connected) = try Socket.connectTCP(port: port)
                let stream = StreamConnection(loop: loop, fd: fd, connected: connected)
                let client = FanoutClient(stream: stream, run: self, index: index)
                stream.delegate = client
                try stream.start()
                client.sendHandshake(port: port)
                clients.append(client)
            } catch {
                print("connect failed: \(error)")
                clientFailed()
            }
        }
    }

    func clientReady() {
        ready += 1
        batchDone()
    }

    func clientFailed() {
        failed += 1
        batchDone()
    }

    private func batchDone() {
        batchPending -= 1
        if batchPending == 0 { openBatch() }
    }

    private func allOpen() {
        let seconds = Double(MonotonicClock.now() - openedAt) / 1e9
        print("native client: \(ready)/\(clientCount) connected+authenticated+subscribed in "
              + "\(format(seconds)) s (\(failed) failed)")
        loop.schedule(afterMilliseconds: 1_000) { self.nextRound() }
    }

    private func nextRound() {
        guard round < rounds else { return finish() }
        round += 1
        marker = "\"playerCount\":\(2000 + round),"
        pending = ready
        for client in clients { client.receivedAt = nil }
        replyAt = nil
        sentAt = MonotonicClock.now()
        sendPatch(value: 2000 + round)
    }

    func clientReceived() {
        pending -= 1
        if pending == 0 { endRound() }
    }

    private func endRound() {
        let done = MonotonicClock.now()
        roundTimes.append(Double(done - sentAt) / 1e6)
        for client in clients {
            if let at = client.receivedAt { latencies.append(Double(at - sentAt) / 1e6) }
        }
        marker = nil
        loop.schedule(afterMilliseconds: 200) { self.nextRound() }
    }

    /// One PATCH on a fresh connection (its reply time is recorded too).
    private func sendPatch(value: Int) {
        guard let (fd, connected) = try? Socket.connectTCP(port: port) else { return }
        let stream = StreamConnection(loop: loop, fd: fd, connected: connected)
        let body = #"{"player_count":\#(value)}"#
        let request = "PATCH /api/sessions/\(session)/games/\(sessionGame)/player-count HTTP/1.1\r\nHost: b\r\n"
            + "Authorization: Bearer \(token)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Connection: close\r\n\r\n" + body
        let reader = ReplyReader { [self] in
            replies.append(Double(MonotonicClock.now() - sentAt) / 1e6)
        }
        stream.delegate = reader
        try? stream.start()
        stream.write(Array(request.utf8))
    }

    private func finish() {
        print("native client: \(rounds) rounds of one player-count.updated event to \(ready) subscribers")
        print("  request → all received   \(summary(roundTimes))")
        print("  per-client latency       \(summary(latencies))")
        print("  API reply (PATCH)        \(summary(replies))")
        for client in clients { client.stream.close() }
        loop.stop()
    }

    private func summary(_ values: [Double]) -> String {
        guard !values.isEmpty else { return "no data" }
        let sorted = values.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
        return "p50 \(format(percentile(0.5))) ms   p99 \(format(percentile(0.99))) ms   max \(format(sorted.last!)) ms"
    }

    private func format(_ value: Double) -> String {
        let scaled = (value * 100).rounded() / 100
        return "\(scaled)"
    }
}

/// Reads an HTTP reply until the server closes, then reports once.
final class ReplyReader: StreamConnectionDelegate, @unchecked Sendable {
    private var reported = false
    private let onReply: () -> Void

    init(onReply: @escaping () -> Void) { self.onReply = onReply }

    func connection(_ connection: StreamConnection, didRead bytes: UnsafeRawBufferPointer) {
        if !reported {
            reported = true
            onReply()
        }
    }

    func connectionDidClose(_ connection: StreamConnection) {}
}
