import Glibc
import Testing
import IO

/// `StreamConnection.discardUnsentWrites`: what a WebSocket server does with
/// the backlog of a client that stopped reading before telling it why.
struct StreamDiscardTests {
    @Test func discardingUnsentWrites_KeepsTheStreamOnAWriteBoundary() throws {
        try RunningLoop.with { running in
            let (fd, peer) = try PeerSocket.makePair()
            let loop = running.loop
            let recorder = ConnectionRecorder()
            let writeSize = 100_000
            let writes = (1...10).map { [UInt8](repeating: UInt8($0), count: writeSize) }
            let marker = [UInt8](repeating: 0xEE, count: 16)
            let (dropped, queuedAfter) = try running.sync {
                let connection = StreamConnection(loop: loop, fd: fd)
                connection.delegate = recorder
                try connection.start()
                for write in writes { connection.write(write) }
                let queuedBefore = connection.bufferedBytes
                let dropped = connection.discardUnsentWrites()
                #expect(queuedBefore - dropped == connection.bufferedBytes)
                let queuedAfter = connection.bufferedBytes
                connection.write(marker)
                connection.closeAfterFlush()
                return (dropped, queuedAfter)
            }
            #expect(dropped > 0 && dropped % writeSize == 0, "dropped \(dropped) bytes: whole writes only")
            #expect(queuedAfter <= writeSize, "at most the first queued write stays")
            let received = try peer.receiveUntilEOF(timeoutMilliseconds: 10_000)
            // Whole writes in order, none cut, then the marker.
            #expect(Array(received.suffix(marker.count)) == marker)
            let body = received.dropLast(marker.count)
            #expect(body.count % writeSize == 0)
            let kept = body.count / writeSize
            #expect(kept >= 1 && kept < writes.count)
            #expect(Array(body) == writes.prefix(kept).flatMap { $0 })
            #expect(kept * writeSize + dropped == writes.count * writeSize)
        }
    }

    @Test func nothingQueued_NothingDiscarded() throws {
        try RunningLoop.with { running in
            let (fd, peer) = try PeerSocket.makePair()
            let loop = running.loop
            let recorder = ConnectionRecorder()
            let dropped = try running.sync {
                let connection = StreamConnection(loop: loop, fd: fd)
                connection.delegate = recorder
                try connection.start()
                connection.write(Array("hello".utf8))
                let dropped = connection.discardUnsentWrites()
                connection.close()
                return dropped
            }
            #expect(dropped == 0)
            #expect(try peer.receive(count: 5) == Array("hello".utf8))
        }
    }
}
