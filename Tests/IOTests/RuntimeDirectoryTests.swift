import Foundation
import Glibc
import Runtime
import Testing

/// `prepareDirectories`: our own folders become 0700; a socket folder shared
/// through a group (systemd's /run/gamenight, root:gamenight 2770) is
/// accepted as it is, unless others can reach it. Needs root (to hand the
/// folder to another user), as CI and this machine run the tests.
struct RuntimeDirectoryTests {
    private func folders() throws -> (data: String, run: String) {
        let base = NSTemporaryDirectory() + "gamenight-rundir-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: base + "/run", withIntermediateDirectories: true)
        return (base + "/data", base + "/run")
    }

    private func prepare(_ data: String, _ run: String) throws {
        try Configuration(environment: ["DATA_DIR": data, "RUNTIME_DIR": run]).prepareDirectories()
    }

    private func mode(_ path: String) -> mode_t {
        var info = stat()
        _ = stat(path, &info)
        return info.st_mode & 0o7777
    }

    @Test func ownLooseFoldersAreTightened() throws {
        let (data, run) = try folders()
        chmod(run, 0o755)
        try prepare(data, run)
        #expect(mode(run) == 0o700)
        #expect(mode(data) == 0o700)
    }

    @Test func aGroupSharedSocketFolderOfAnotherUserIsAccepted() throws {
        let (data, run) = try folders()
        #expect(chown(run, 65534, 65534) == 0, "the test needs root")
        chmod(run, 0o2770)
        try prepare(data, run)
        #expect(mode(run) == 0o2770)
    }

    @Test func aSocketFolderOfAnotherUserOpenToOthersIsRefused() throws {
        let (data, run) = try folders()
        #expect(chown(run, 65534, 65534) == 0, "the test needs root")
        chmod(run, 0o2775)
        #expect(throws: (any Error).self) { try prepare(data, run) }
    }

    @Test func aDataFolderOfAnotherUserIsRefused() throws {
        let (data, run) = try folders()
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        #expect(chown(data, 65534, 65534) == 0, "the test needs root")
        chmod(data, 0o700)
        #expect(throws: (any Error).self) { try prepare(data, run) }
    }
}
