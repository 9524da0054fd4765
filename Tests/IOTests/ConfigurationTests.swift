import Foundation
import Testing
import Runtime

struct ConfigurationTests {
    private var workingDirectory: String { FileManager.default.currentDirectoryPath }

    @Test func emptyEnvironment_GivesTheDocumentedDefaults() throws {
        let configuration = try Configuration(environment: [:])
        #expect(configuration.port == 5000)
        #expect(configuration.dataDirectory == workingDirectory + "/data")
        #expect(configuration.runtimeDirectory == workingDirectory + "/data/run")
        #expect(configuration.ecastBaseURL == "https://ecast.jackboxgames.com")
        #expect(configuration.monitorInstances == 1)
        #expect(configuration.monitorInstance == 1)
        #expect(configuration.monitorHeartbeatSeconds == 20)
        #expect(configuration.logLevel == .info)
        #expect(configuration.rpcTimeoutMilliseconds == 5000)
        #expect((1...8).contains(configuration.gatewayThreads))
        #expect(configuration.adminKey == nil)
        #expect(configuration.jwtSecret == nil)
        #expect(configuration.sessionSocketPath == workingDirectory + "/data/run/session.sock")
        #expect(configuration.monitorSocketPath(2) == workingDirectory + "/data/run/monitor-2.sock")
    }

    @Test func credentialsDirectory_SuppliesSecretsTheEnvironmentLacks() throws {
        let folder = NSTemporaryDirectory() + "gamenight-credentials-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "key-from-credential\n".write(toFile: folder + "/admin_key", atomically: true, encoding: .utf8)
        try "secret-from-credential".write(toFile: folder + "/jwt_secret", atomically: true, encoding: .utf8)
        let fromCredentials = try Configuration(environment: ["CREDENTIALS_DIRECTORY": folder])
        #expect(fromCredentials.adminKey == "key-from-credential")
        #expect(fromCredentials.jwtSecret == "secret-from-credential")
        let environmentWins = try Configuration(environment: ["CREDENTIALS_DIRECTORY": folder, "ADMIN_KEY": "env"])
        #expect(environmentWins.adminKey == "env")
        let missing = try Configuration(environment: ["CREDENTIALS_DIRECTORY": folder + "/none"])
        #expect(missing.adminKey == nil && missing.jwtSecret == nil)
    }

    @Test func emptyValues_CountAsUnset() throws {
        let configuration = try Configuration(environment: ["PORT": "", "DATA_DIR": "", "LOG_LEVEL": "", "ADMIN_KEY": ""])
        #expect(configuration.port == 5000)
        #expect(configuration.dataDirectory == workingDirectory + "/data")
        #expect(configuration.logLevel == .info)
        #expect(configuration.adminKey == nil)
    }

    @Test(arguments: ["abc", "70000", "-1", "65536", " 80", "8080x"])
    func invalidPort_Throws(_ value: String) {
        let error = #expect(throws: Configuration.Invalid.self) {
            try Configuration(environment: ["PORT": value])
        }
        #expect(error?.variable == "PORT")
        #expect(error?.value == value)
    }

    @Test(arguments: ["0", "65", "two"])
    func invalidMonitorInstances_Throws(_ value: String) {
        let error = #expect(throws: Configuration.Invalid.self) {
            try Configuration(environment: ["MONITOR_INSTANCES": value])
        }
        #expect(error?.variable == "MONITOR_INSTANCES")
    }

    @Test func invalidLogLevel_Throws() {
        let error = #expect(throws: Configuration.Invalid.self) {
            try Configuration(environment: ["LOG_LEVEL": "loud"])
        }
        #expect(error?.variable == "LOG_LEVEL")
        #expect(error?.description == #"invalid LOG_LEVEL="loud": expected debug, info, notice, warning or error"#)
    }

    @Test func validValues_AreRead() throws {
        let configuration = try Configuration(environment: [
            "PORT": "0", "MONITOR_INSTANCES": "64", "LOG_LEVEL": "WARN",
            "ECAST_BASE_URL": "http://localhost:9000/", "ADMIN_KEY": "k",
        ])
        #expect(configuration.port == 0)
        #expect(configuration.monitorInstances == 64)
        #expect(configuration.logLevel == .warning)
        #expect(configuration.ecastBaseURL == "http://localhost:9000")
        #expect(configuration.adminKey == "k")
    }

    @Test(arguments: [("var/gamenight", "/var/gamenight"), ("./state", "/state"), (".", "")])
    func relativeDataDirectory_BecomesAbsolute(_ relative: String, _ suffix: String) throws {
        let configuration = try Configuration(environment: ["DATA_DIR": relative])
        #expect(configuration.dataDirectory == workingDirectory + suffix)
        #expect(configuration.dataDirectory.hasPrefix("/"))
    }

    @Test func runtimeDirectory_DefaultsToRunUnderTheDataDirectory() throws {
        let configuration = try Configuration(environment: ["DATA_DIR": "/srv/gamenight"])
        #expect(configuration.dataDirectory == "/srv/gamenight")
        #expect(configuration.runtimeDirectory == "/srv/gamenight/run")
        #expect(configuration.voteSocketPath == "/srv/gamenight/run/vote.sock")
    }

    @Test func runtimeDirectory_PrefersRUNTIME_DIR_ThenSystemdsRUNTIME_DIRECTORY() throws {
        let both = try Configuration(environment: [
            "DATA_DIR": "/srv/g", "RUNTIME_DIR": "/run/mine", "RUNTIME_DIRECTORY": "/run/systemd",
        ])
        #expect(both.runtimeDirectory == "/run/mine")
        let systemd = try Configuration(environment: ["DATA_DIR": "/srv/g", "RUNTIME_DIRECTORY": "/run/systemd"])
        #expect(systemd.runtimeDirectory == "/run/systemd")
    }

    @Test func nonHTTPEcastURL_Throws() {
        let error = #expect(throws: Configuration.Invalid.self) {
            try Configuration(environment: ["ECAST_BASE_URL": "ftp://example.com"])
        }
        #expect(error?.variable == "ECAST_BASE_URL")
    }
}
