import Foundation
import Testing
@testable import api_gateway

/// Every file of Services/api-gateway/Resources/web is embedded and listed
/// in `WebAssets.files` with its bytes, so the gateway serves what the
/// folder holds.
@Suite struct WebAssetsTests {
    static let webRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Services/api-gateway/Resources/web")

    static func filesOnDisk() throws -> [String: [UInt8]] {
        let root = webRoot.standardizedFileURL.path
        var files: [String: [UInt8]] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = root + "/" + relative
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            files[relative] = try [UInt8](Data(contentsOf: URL(fileURLWithPath: full)))
        }
        return files
    }

    @Test func everyFileUnderTheWebRootIsServedWithItsBytes() throws {
        let disk = try Self.filesOnDisk()
        #expect(disk.count > 5, "web root not found at \(Self.webRoot.path)")
        let listed = Dictionary(WebAssets.files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        for (path, bytes) in disk where !WebAssets.unserved.contains(path) {
            #expect(listed[path] != nil, "\(path) is not registered in WebAssets.swift (see Resources/web/README.md)")
            if let served = listed[path] { #expect(served == bytes, "\(path): WebAssets lists other bytes") }
            #expect(WebAssets.table.response(path: "/" + path, ifNoneMatch: nil)?.body == bytes)
        }
        for path in listed.keys { #expect(disk[path] != nil, "\(path) is listed but not in the web root") }
        #expect(WebAssets.files.count == listed.count, "a path is listed twice")
    }

    @Test func thePagesHaveTheirURLs() throws {
        let disk = try Self.filesOnDisk()
        #expect(WebAssets.table.response(path: "/", ifNoneMatch: nil)?.body == disk["index.html"])
        #expect(WebAssets.table.response(path: "/overlay", ifNoneMatch: nil)?.body == disk["overlay.html"])
    }
}
