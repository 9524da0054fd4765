import Synchronization

/// A value shared between a loop thread and the test thread.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    var value: Value { mutex.withLock { $0 } }

    func set(_ newValue: Value) { mutex.withLock { $0 = newValue } }

    @discardableResult
    func withLock<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        mutex.withLock { body(&$0) }
    }
}

extension Locked where Value == Int {
    func increment() { withLock { $0 += 1 } }
}

extension Locked {
    func append<Element: Sendable>(_ element: Element) where Value == [Element] {
        withLock { $0.append(element) }
    }
}
