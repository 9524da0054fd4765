import Synchronization

/// A value handed between threads during start-up.
final class LockedBox<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>
    init(_ value: Value) { storage = Mutex(value) }
    func set(_ value: Value) { storage.withLock { $0 = value } }
    func get() -> Value { storage.withLock { $0 } }
}

/// A count-down used on one thread only.
final class Counter {
    private var value: Int
    init(_ value: Int) { self.value = value }
    func decrement() -> Int {
        value -= 1
        return value
    }
}
