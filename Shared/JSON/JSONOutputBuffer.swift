/// A growable byte buffer for the serializer, cheaper per byte than `[UInt8]`.
///
/// Every `Array.append` re-checks uniqueness and capacity; the serializer
/// instead reserves room once per token (`reserve(_:)`) and then stores
/// bytes with unchecked writes. The result is copied into the caller's
/// array in one `memcpy` at the end. Non-copyable so the allocation has a
/// single owner and is freed exactly once.
struct JSONOutputBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to minimum: Int) {
        let newCapacity = max(minimum, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Stores a byte; the caller must have reserved room for it.
    @inline(__always)
    mutating func appendUnchecked(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    /// Stores eight bytes in memory order; the caller must have reserved room.
    @inline(__always)
    mutating func appendUnchecked(word: UInt64) {
        UnsafeMutableRawPointer(base + count).storeBytes(of: word, as: UInt64.self)
        count += 8
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        appendUnchecked(byte)
    }

    /// Claims `count` bytes at the end for the caller to fill, e.g. right to left.
    @inline(__always)
    mutating func appendUninitialized(count extra: Int) -> UnsafeMutablePointer<UInt8> {
        reserve(extra)
        let start = base + count
        count += extra
        return start
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    mutating func append(_ literal: StaticString) {
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// The bytes written so far, as a new array of exactly that size.
    func makeArray() -> [UInt8] {
        Array(UnsafeBufferPointer(start: base, count: count))
    }

    /// Copies the bytes written so far to the end of `output`.
    func copy(to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
    }
}
