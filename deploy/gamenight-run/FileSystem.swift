import Glibc

/// The few file-system calls the supervisor makes, wrapped to throw `SystemError`.
enum FileSystem {
    static func currentDirectory() throws(SystemError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { throw SystemError("getcwd") }
        return decode(buffer)
    }

    /// The folder of the running executable (`/proc/self/exe`), where `swift build` and
    /// the install step put the four services next to us.
    static func executableDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return PathText.directoryName(decode(buffer[..<count]))
    }

    /// `mkdir -p`: missing parents get 0755, the last component `mode` (umask applies).
    static func makeDirectories(_ path: String, mode: mode_t) throws(SystemError) {
        var prefix = ""
        let components = path.split(separator: "/")
        for (position, component) in components.enumerated() {
            prefix += "/" + component
            let isLast = position == components.count - 1
            if mkdir(prefix, isLast ? mode : 0o755) != 0, errno != EEXIST {
                throw SystemError("mkdir \(prefix)")
            }
        }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw SystemError("\(path) is not a directory", code: ENOTDIR)
        }
    }

    /// Bytes up to the first NUL, as UTF-8.
    private static func decode(_ buffer: some Collection<CChar>) -> String {
        String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func setMode(_ path: String, _ mode: mode_t) throws(SystemError) {
        guard chmod(path, mode) == 0 else { throw SystemError("chmod \(path)") }
    }
}

enum ProcessEnvironment {
    /// Our environment as `KEY=VALUE` strings, in `environ` order.
    static func current() -> [String] {
        var entries: [String] = []
        var cursor = environ
        while let entry = cursor.pointee {
            entries.append(String(cString: entry))
            cursor += 1
        }
        return entries
    }
}
