import Foundation

/// A fresh directory per test, removed afterwards, so tests can run in
/// parallel and never see each other's files (or the -wal/-shm companions).
struct TemporaryDatabase {
    let directory: URL

    var path: String { directory.appendingPathComponent("test.sqlite").path }

    static func with<T>(_ body: (TemporaryDatabase) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("storage-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(TemporaryDatabase(directory: directory))
    }
}
