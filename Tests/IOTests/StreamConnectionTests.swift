import Glibc
import Testing
import IO

struct StreamConnectionTests {
    /// A started connection on one end of a socketpair; the test holds the other.
    private func makeConnection(
        on running: RunningLoop, delegate: any StreamConnectionDelegate & Sendable,
        highWatermark: Int? = nil, lowWatermark: Int? = nil, lingerMilliseconds: Int? = nil
    ) throws -> (StreamConnection, PeerSocket) {
        let (fd, peer) = try PeerSocket.makePair()
        let loop = running.loop
        let connection = try running.sync {
            let connection = StreamConnection(loop: loop, fd: fd)
            if let highWatermark { connection.highWatermark = highWatermark }
            if let lowWatermark { connection.lowWatermark = lowWatermark }
            if let lingerMilliseconds { connection.lingerMilliseconds = lingerMilliseconds }
            connection.delegate = delegate
            try connection.start()
            return connection
        }
        return (connection, peer)
    }

    @Test func bytes_RoundTripInBothDirections() throws {
        try RunningLoop.with { running in
            let recorder = ConnectionRecorder()
            let (connection, peer) = try makeConnection(on: running, delegate: recorder)
            try peer.send("ping")
            #expect(eventually { recorder.receivedText == "ping" })
            try running.sync { connection.write(Array("pong".utf8)) }
            #expect(try peer.receive(count: 4) == Array("pong".utf8))
            try running.sync { connection.close() }
        }
    }

    @Test func largeWrite_ToASlowReader_IsDeliveredCompletelyAndInOrder() throws {
        try RunningLoop.with { running in
            let recorder = ConnectionRecorder()
            let (connection, peer) = try makeConnection(on: running, delegate: recorder)
            let payload = patternBytes(8 << 20)
            let acceptedWithoutQueueing = try running.sync {
                connection.write(payload)
                return connection.bufferedBytes == 0
            }
            #expect(!acceptedWithoutQueueing, "8 MiB should not fit in a socket buffer")
            let received = try peer.receive(count: payload.count, chunk: 32 * 1024, pauseMicroseconds: 200,
                                            timeoutMilliseconds: 20_000)
            #expect(received == payload)
            #expect(eventually { (try? running.sync { connection.bufferedBytes }) == 0 })
            try running.sync { connection.close() }
        }
    }

    @Test func writesQueuedBehindAPendingWrite_KeepTheirOrder() throws {
        try RunningLoop.with { running in
            let recorder = ConnectionRecorder()
            let (connection, peer) = try makeConnection(on: running, delegate: recorder)
            let first = patternBytes(2 << 20)
            let second = Array(repeating: UInt8(7), count: 100_000)
            let third = Array("end".utf8)
            try running.sync {
                connection.write(first)
                connection.write(second)
                connection.write([])
                connection.write(third)
            }
            let received = try peer.receive(count: first.count + second.count + third.count,
                                            timeoutMilliseconds: 10_000)
            #expect(received == first + second + third)
            try running.sync { connection.close() }
        }
    }

    @Test func backPressure_PausesReadingAboveTheHighWatermark_AndResumesAfterDrain() throws {
        try RunningLoop.with { running in
            let recorder = ConnectionRecorder()
            let (connection, peer) = try makeConnection(on: running, delegate: recorder,
                                                        highWatermark: 64 * 1024, lowWatermark: 16 * 1024)
            let payload = patternBytes(4 << 20)
            let writableAfterWrite = try running.sync {
                connection.write(payload)
                return connection.isWritable
            }
            #expect(!writableAfterWrite)

            // The peer talks but does not read its answers: we must not read either.
            try peer.send("hello")
            usleep(150_000)
            #expect(recorder.received.value.isEmpty)
            #expect(try running.sync { connection.isWritable } == false)

            // The peer drains: reading resumes and its bytes arrive.
            #expect(try peer.receive(count: payload.count, timeoutMilliseconds: 10_000) == payload)
            #expect(eventually { recorder.receivedText == "hello" })
            #expect(recorder.drainCount.value == 1)
            #expect(try running.sync { connection.isWritable })
            try running.sync { connection.close() }
        }
    }

    @Test func pauseReading_StopsDelivery_UntilResumeReading() throws {
        try RunningLoop.with { running in
            let recorder = ConnectionRecorder()
            let (connection, peer) = try makeConnection(on: running, delegate: recorder)
            try running.sync { connection.pauseReading() }
            try peer.send("queued")
            usleep(100_000)
            #expect(recorder.received.value.isEmpty)
            try running.sync { connection.resumeReading() }
            #expect(eventually { recorder.receivedText == "queued" })
            try running.sync { connection.close() }
        }
    }

    @Test func closeAfterFlush_DeliversEverything_ThenEOF_ThenClosesWhenThePeerDoes() throws {
        try RunningLoop.with { running in
            let recorder = ConnectionRecorder()
            let (connection, peer) = try makeConnection(on: running, delegate: recorder)
            let payload = patternBytes(2 << 20)
            try running.sync {
                connection.write(payload)
                connection.closeAfterFlush()
                connection.write(Array("too late".utf8))
            }
            let received = try peer.receiveUntilEOF(timeoutMilliseconds: 10_000)
            #expect(peer.sawEOF)
            #expect(received == payload)
            #expect(recorder.closeCount.value == 0, "lingers until the peer closes")
            peer.close()
            #expect(eventually { recorder.closeCount.value == 1 })
            #expect(recorder.eofCount.value == 0, "EOF while closing is not reported")
        }
    }

    @Test func closeAfterFlush_ClosesAfterTheLinger_WhenThePeerNeverCloses() throws {
        try RunningLoop.with { running in
            let recorder = ConnectionRecorder()
            let (connection, peer) = try makeConnection(on: running, delegate: recorder, lingerMilliseconds: 100)
            let startedAt = MonotonicClock.now()
            try running.sync {
                connection.write(Array("bye".utf8))
                connection.closeAfterFlush()
            }
            #expect(try peer.receiveUntilEOF() == Array("bye".utf8))
            #expect(eventually(timeoutMilliseconds: 3_000) { recorder.closeCount.value == 1 })
            #expect(millisecondsSince(startedAt) >= 100)
            #expect(try running.sync { connection.isClosed })
            withExtendedLifetime(peer) {}
        }
    }

    @Test func close_CallsConnectionDidCloseExactlyOnce() throws {
        try RunningLoop.with { running in
            let recorder = ConnectionRecorder()
            let (connection, peer) = try makeConnection(on: running, delegate: recorder)
            try running.sync {
                connection.close()
                connection.close()
                connection.closeAfterFlush()
                connection.write(Array("ignored".utf8))
            }
            #expect(try peer.receiveUntilEOF().isEmpty)
            peer.close()
            usleep(50_000)
            #expect(recorder.closeCount.value == 1)
            #expect(try running.sync { connection.isClosed && connection.delegate == nil })
        }
    }

    @Test func closeInsideAReadCallback_IsReportedOnce_AndStopsReading() throws {
        try RunningLoop.with { running in
            let recorder = ConnectionRecorder(closeOnFirstRead: true)
            let (_, peer) = try makeConnection(on: running, delegate: recorder)
            // The peer may see EPIPE once we close: that is fine here.
            try? peer.send(patternBytes(200 * 1024), timeoutMilliseconds: 1_000)
            #expect(eventually { recorder.closeCount.value == 1 })
            usleep(50_000)
            #expect(recorder.closeCount.value == 1)
            #expect(recorder.received.value.count <= 64 * 1024, "one loop buffer at most, then nothing")
        }
    }

    @Test func peerShutdownOfItsWritingHalf_IsReportedAsEOF_AndWeCanStillAnswer() throws {
        try RunningLoop.with { running in
            let recorder = ConnectionRecorder(onEOF: .record)
            let (connection, peer) = try makeConnection(on: running, delegate: recorder)
            try peer.send("last words")
            peer.shutdownWriting()
            #expect(eventually { recorder.eofCount.value == 1 })
            #expect(recorder.receivedText == "last words")
            try running.sync { connection.write(Array("ack".utf8)) }
            #expect(try peer.receive(count: 3) == Array("ack".utf8))
            usleep(50_000)
            #expect(recorder.eofCount.value == 1)
            #expect(recorder.closeCount.value == 0)
            try running.sync { connection.closeAfterFlush() }
            #expect(eventually { recorder.closeCount.value == 1 }, "EOF already seen: no linger")
        }
    }

    @Test func peerClose_WithTheDefaultDelegate_ClosesTheConnection() throws {
        try RunningLoop.with { running in
            let delegate = MinimalDelegate()
            let (connection, peer) = try makeConnection(on: running, delegate: delegate)
            peer.close()
            #expect(eventually { delegate.closeCount.value == 1 })
            #expect(try running.sync { connection.isClosed })
        }
    }

    @Test func peerVanishing_WithWritesQueued_ClosesTheConnectionOnce() throws {
        try RunningLoop.with { running in
            let recorder = ConnectionRecorder(onEOF: .record)
            let (connection, peer) = try makeConnection(on: running, delegate: recorder)
            try running.sync { connection.write(patternBytes(4 << 20)) }
            peer.close()
            // MSG_NOSIGNAL: EPIPE, not a SIGPIPE that would kill the test run.
            #expect(eventually { recorder.closeCount.value == 1 })
            #expect(try running.sync { connection.isClosed && connection.bufferedBytes == 0 })
        }
    }

    @Test func connectingStream_ReportsDidConnect_AndSendsWhatWasWrittenBefore() throws {
        try TemporaryDirectory.with { directory in
            try RunningLoop.with { running in
                let path = directory.file("s")
                let listenFD = try Socket.listenUnix(path: path)
                defer { close(listenFD) }
                let recorder = ConnectionRecorder()
                let loop = running.loop
                let connection = try running.sync {
                    let (fd, _) = try Socket.connectUnix(path: path)
                    // Start in `.connecting` either way: writability finishes it.
                    let connection = StreamConnection(loop: loop, fd: fd, connected: false)
                    connection.delegate = recorder
                    connection.write(Array("early".utf8))
                    try connection.start()
                    return connection
                }
                #expect(eventually { recorder.connectCount.value == 1 })
                let accepted = try acceptOne(listenFD)
                #expect(try accepted.receive(count: 5) == Array("early".utf8))
                #expect(try running.sync { connection.isOpen })
                try running.sync { connection.close() }
            }
        }
    }

    private func acceptOne(_ listenFD: Int32) throws -> PeerSocket {
        var accepted: Int32 = -1
        _ = eventually {
            accepted = accept(listenFD, nil, nil)
            return accepted >= 0
        }
        guard accepted >= 0 else { throw TestFailure("accept: nothing pending") }
        return PeerSocket(fd: accepted)
    }
}
