#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a byte stream into newline-delimited frames (NDJSON / JSON Lines).
///
/// Each frame is one line without its `\n`; a `\r` before the `\n` is
/// stripped too, and empty lines are skipped. Compact JSON never contains a
/// raw newline (RFC 8259 §7 requires control characters in strings to be
/// escaped), so a newline always ends a message.
///
/// ```
///  buffer: [ consumed ][ frame\n frame\n part… ]
///          0           readIndex      scanIndex  count
/// ```
///
/// Like swift-nio-extras' `LineBasedFrameDecoder`, the framer remembers how
/// far it has already searched (`scanIndex`), so a long line arriving in many
/// small reads is scanned once, not once per read. Consumed bytes are
/// dropped lazily: all at once when everything was consumed, otherwise only
/// when the consumed prefix is both large and at least half the buffer, which
/// keeps compaction amortised O(1) per byte.
///
/// A line longer than `maxFrameBytes` throws ``LineFramerError/frameTooLarge``
/// as soon as it is known to be too long — before its newline arrives. The
/// error is terminal: buffered bytes are released, later `append` calls are
/// ignored and `nextFrame()` keeps throwing.
public struct LineFramer: Sendable {
    public let maxFrameBytes: Int

    private var buffer: [UInt8] = []
    /// Start of the first unconsumed byte.
    private var readIndex = 0
    /// Bytes in `readIndex..<scanIndex` are known to contain no `\n`.
    private var scanIndex = 0
    private var failed = false

    /// Compact the consumed prefix only once it is at least this large.
    private static let compactionThreshold = 4096
    /// When fully drained, keep at most this much capacity for the next frames.
    private static let retainedCapacity = 64 * 1024

    /// - Parameter maxFrameBytes: Longest accepted line, excluding `\r\n`/`\n`; must be positive.
    public init(maxFrameBytes: Int = 16 * 1024 * 1024) {
        precondition(maxFrameBytes > 0, "maxFrameBytes must be positive")
        self.maxFrameBytes = maxFrameBytes
    }

    /// Bytes received but not yet returned as frames.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard !failed, let base = bytes.baseAddress, !bytes.isEmpty else { return }
        compactIfWorthwhile()
        buffer.append(contentsOf: UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self),
                                                      count: bytes.count))
    }

    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Returns the next complete, non-empty line, or `nil` if more input is needed.
    ///
    /// - Throws: ``LineFramerError/frameTooLarge`` once a line exceeds `maxFrameBytes`.
    public mutating func nextFrame() throws(LineFramerError) -> [UInt8]? {
        guard !failed else { throw .frameTooLarge }
        while let newline = firstNewline() {
            let start = readIndex
            var end = newline
            if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            readIndex = newline + 1
            scanIndex = readIndex
            guard end - start <= maxFrameBytes else { throw fail() }
            if end > start { return Array(buffer[start..<end]) }
        }
        scanIndex = buffer.count
        // One byte over the limit may still be the "\r" of a full-size frame
        // whose "\n" has not arrived; anything more is certainly too long.
        let excess = buffer.count - readIndex - maxFrameBytes
        if excess > 1 || (excess == 1 && buffer.last != UInt8(ascii: "\r")) {
            throw fail()
        }
        return nil
    }

    /// Index of the first `\n` at or after `scanIndex`, searched with `memchr`.
    private func firstNewline() -> Int? {
        buffer.withUnsafeBufferPointer { bytes -> Int? in
            guard scanIndex < bytes.count, let base = bytes.baseAddress else { return nil }
            guard let hit = memchr(base + scanIndex, Int32(UInt8(ascii: "\n")), bytes.count - scanIndex) else {
                return nil
            }
            return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
        }
    }

    private mutating func compactIfWorthwhile() {
        guard readIndex > 0 else { return }
        if readIndex == buffer.count {
            if buffer.capacity > Self.retainedCapacity {
                buffer = []
            } else {
                buffer.removeAll(keepingCapacity: true)
            }
        } else if readIndex >= Self.compactionThreshold, readIndex * 2 >= buffer.count {
            buffer.removeSubrange(0..<readIndex)
        } else {
            return
        }
        scanIndex -= readIndex
        readIndex = 0
    }

    private mutating func fail() -> LineFramerError {
        failed = true
        buffer = []
        readIndex = 0
        scanIndex = 0
        return .frameTooLarge
    }
}
