import Glibc
import Testing
import Runtime

struct SecretFileTests {
    private func contents(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 256)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    @Test func firstLoad_CreatesA0600File_SecondLoadReturnsTheSameValue() throws {
        try TemporaryDirectory.with { directory in
            let path = directory.file("jwt.secret")
            let first = try SecretFile.loadOrCreate(path: path) { "s3cret-value" }
            #expect(first.created)
            #expect(first.value == "s3cret-value")
            var info = stat()
            #expect(lstat(path, &info) == 0)
            #expect(info.st_mode & S_IFMT == S_IFREG)
            #expect(info.st_mode & 0o777 == 0o600)
            #expect(contents(path) == "s3cret-value\n")

            let generatorCalls = Locked(0)
            let second = try SecretFile.loadOrCreate(path: path) {
                generatorCalls.increment()
                return "a different value"
            }
            #expect(!second.created)
            #expect(second.value == "s3cret-value")
            #expect(generatorCalls.value == 0)
        }
    }

    @Test func existingFile_IsReadWithSurroundingWhitespaceTrimmed() throws {
        try TemporaryDirectory.with { directory in
            let path = directory.file("admin.key")
            let file = fopen(path, "w")
            fputs("  hand-written key \n\n", file)
            fclose(file)
            let loaded = try SecretFile.loadOrCreate(path: path) { "generated" }
            #expect(!loaded.created)
            #expect(loaded.value == "hand-written key")
        }
    }

    @Test func missingDirectory_Throws() {
        #expect(throws: IOErrorDescription.self) {
            _ = try SecretFile.loadOrCreate(path: "/tmp/iot-no-such-dir-\(getpid())/secret") { "x" }
        }
    }
}
