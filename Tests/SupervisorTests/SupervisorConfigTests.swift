import Runtime
import Testing
@testable import gamenight_run

@Suite struct SupervisorConfigTests {
    private func config(_ environment: [String]) throws -> SupervisorConfig {
        try SupervisorConfig(environment: environment, currentDirectory: "/home/me/gamenight",
                             executableDirectory: "/opt/gn/bin")
    }

    @Test func defaults() throws {
        let config = try config([])
        #expect(config.port == 5000)
        #expect(config.dataDirectory == "/home/me/gamenight/data")
        #expect(config.runtimeDirectory == "/home/me/gamenight/data/run")
        #expect(config.binaryDirectory == "/opt/gn/bin")
        #expect(config.readyTimeout == .seconds(30))
        #expect(config.stopTimeout == .seconds(10))
        #expect(config.url == "http://localhost:5000")
        #expect(config.adminKeyLocation == "/home/me/gamenight/data/admin.key")
    }

    @Test func startOrderIsSessionVoteMonitorsGateway() throws {
        let children = try config(["MONITOR_INSTANCES=3"]).children
        #expect(children.map(\.name) == ["session-service", "vote-service", "monitor-service-1",
                                         "monitor-service-2", "monitor-service-3", "api-gateway"])
        #expect(children[3].executable == "/opt/gn/bin/monitor-service")
        #expect(children[3].environment.contains("MONITOR_INSTANCE=2"))
        #expect(children[3].notifySocketPath == "/home/me/gamenight/data/run/notify-monitor-service-2.sock")
    }

    @Test func childEnvironmentPassesThroughAndOverrides() throws {
        let config = try config(["DATA_DIR=./state", "PORT=8080", "ADMIN_KEY=k", "ECAST_BASE_URL=http://x",
                                 "NOTIFY_SOCKET=/run/systemd/notify", "WATCHDOG_USEC=1", "MONITOR_INSTANCE=9"])
        let gateway = try #require(config.children.last)
        #expect(gateway.environment == [
            "ADMIN_KEY=k", "ECAST_BASE_URL=http://x",
            "PORT=8080", "DATA_DIR=/home/me/gamenight/state", "RUNTIME_DIR=/home/me/gamenight/state/run",
            "MONITOR_INSTANCES=1", "NOTIFY_SOCKET=/home/me/gamenight/state/run/notify-api-gateway.sock",
        ])
        #expect(config.adminKeyLocation == "ADMIN_KEY from the environment")
    }

    @Test func overridesForBinariesAndRuntimeFolderAndTimeouts() throws {
        let config = try config(["GAMENIGHT_BIN_DIR=.build/debug", "RUNTIME_DIR=/tmp/gn",
                                 "GAMENIGHT_RUN_READY_TIMEOUT=1.5", "GAMENIGHT_RUN_STOP_TIMEOUT=2"])
        #expect(config.binaryDirectory == "/home/me/gamenight/.build/debug")
        #expect(config.runtimeDirectory == "/tmp/gn")
        #expect(config.readyTimeout == .milliseconds(1500))
        #expect(config.stopTimeout == .seconds(2))
    }

    @Test func emptyValuesMeanDefault() throws {
        let config = try config(["PORT=", "ADMIN_KEY="])
        #expect(config.port == 5000)
        #expect(!config.adminKeyFromEnvironment)
    }

    @Test(arguments: ["PORT=-1", "PORT=65536", "PORT=http", "MONITOR_INSTANCES=0", "MONITOR_INSTANCES=65",
                      "HOST=localhost", "LOG_LEVEL=loud", "ECAST_BASE_URL=ftp://x",
                      "GAMENIGHT_RUN_READY_TIMEOUT=-1", "GAMENIGHT_RUN_STOP_TIMEOUT=soon"])
    func rejectsInvalidValues(_ entry: String) {
        #expect(throws: ConfigError.self) { try config([entry]) }
    }

    /// The supervisor parses PORT with the services' `Configuration`, so both accept and
    /// refuse the same values (PORT=0 is an ephemeral port for both).
    @Test(arguments: ["0", "1", "5000", "65535", "65536", "-1", "abc", "80x", " 80", "99999999999999999999", ""])
    func supervisorAndServicesAgreeOnPort(_ value: String) throws {
        let services = Result { try Configuration(environment: ["PORT": value]) }
        let supervisor = Result { try config(["PORT=\(value)"]) }
        switch (services, supervisor) {
        case (.success(let shared), .success(let ours)):
            #expect(ours.port == Int(shared.port))
            #expect(ours.children.allSatisfy { $0.environment.contains("PORT=\(shared.port)") })
        case (.failure, .failure):
            break
        default:
            Issue.record("PORT=\(value): services \(services), supervisor \(supervisor)")
        }
    }

    @Test func portZeroIsAnEphemeralPort() throws {
        let config = try config(["PORT=0"])
        #expect(config.port == 0)
        #expect(config.url == nil)
        #expect(config.runningLine.contains("ephemeral"))
        #expect(try self.config(["PORT=65535"]).url == "http://localhost:65535")
    }

    @Test func refusalsNameTheVariableAsTheServicesDo() {
        #expect(throws: ConfigError("invalid PORT=\"abc\": expected an integer in 0...65535")) {
            try config(["PORT=abc"])
        }
    }

    @Test func sharedRulesComeFromConfiguration() throws {
        // systemd's RUNTIME_DIRECTORY is honoured as the services honour it.
        let config = try config(["DATA_DIR=/srv/g", "RUNTIME_DIRECTORY=/run/gamenight"])
        #expect(config.runtimeDirectory == "/run/gamenight")
        #expect(config.children[0].environment.contains("RUNTIME_DIR=/run/gamenight"))
    }

    @Test func rejectsSocketPathsLongerThanSunPath() {
        let deep = "DATA_DIR=/" + String(repeating: "d", count: 90)
        #expect(throws: ConfigError.self) { try config([deep]) }
        #expect(throws: Never.self) { try config([deep, "RUNTIME_DIR=/tmp/gn"]) }
    }

    @Test func pathText() {
        #expect(PathText.absolute("a/./b//c/", relativeTo: "/x") == "/x/a/b/c")
        #expect(PathText.absolute("/abs", relativeTo: "/x") == "/abs")
        #expect(PathText.directoryName("/usr/local/bin/gamenight-run") == "/usr/local/bin")
        #expect(PathText.directoryName("/gamenight-run") == "/")
        #expect(PathText.baseName("/usr/local/bin/api-gateway") == "api-gateway")
    }
}
