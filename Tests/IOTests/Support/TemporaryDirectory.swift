import Foundation
import Glibc

/// A fresh directory per test under /tmp (short on purpose: an AF_UNIX path
/// holds at most 107 bytes), removed afterwards.
struct TemporaryDirectory {
    let path: String

    func file(_ name: String) -> String { path + "/" + name }

    static func with<T>(_ body: (TemporaryDirectory) throws -> T) throws -> T {
        var template = Array("/tmp/iot-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard let created else { throw TestFailure("mkdtemp failed: errno \(errno)") }
        let directory = TemporaryDirectory(path: String(cString: created))
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        return try body(directory)
    }
}
