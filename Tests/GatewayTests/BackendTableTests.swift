import Contracts
import IO
import Runtime
import Testing
@testable import api_gateway

@Suite struct BackendTableTests {
    let directory = ServiceDirectory(runtimeDirectory: "/run/gn", monitorInstances: 3)

    @Test func healthNamesAreTheServicesNames() {
        #expect(BackendService.all.map(\.name) == [ServiceName.session, ServiceName.vote, ServiceName.monitor])
        #expect(BackendService.all.map(\.name) == ["session-service", "vote-service", "monitor-service"])
    }

    @Test func singleInstanceServicesHaveOneSocket() {
        #expect(directory.endpoints(of: .session).map(\.socketPath) == ["/run/gn/session.sock"])
        #expect(directory.endpoints(of: .vote).map(\.socketPath) == ["/run/gn/vote.sock"])
    }

    @Test func monitorHasOneNumberedSocketPerInstance() {
        #expect(directory.instanceCount(of: .monitor) == 3)
        #expect(directory.endpoints(of: .monitor).map(\.socketPath)
            == ["/run/gn/monitor-1.sock", "/run/gn/monitor-2.sock", "/run/gn/monitor-3.sock"])
        #expect(directory.endpoints(of: .monitor).map(\.instance) == [1, 2, 3])
        #expect(directory.endpoints.count == 5)
    }

    @Test func configurationPathsComeFromTheTable() throws {
        let configuration = try Configuration(environment: ["RUNTIME_DIR": "/run/gn", "MONITOR_INSTANCES": "2",
                                                            "DATA_DIR": "/tmp/gn-data"])
        #expect(configuration.services == ServiceDirectory(runtimeDirectory: "/run/gn", monitorInstances: 2))
        #expect(configuration.sessionSocketPath == "/run/gn/session.sock")
        #expect(configuration.voteSocketPath == "/run/gn/vote.sock")
        #expect(configuration.monitorSocketPath(2) == "/run/gn/monitor-2.sock")
    }

    @Test func upstreamsHaveAClientPerInstance_LookedUpByService() throws {
        let loop = try EventLoop(name: "upstreams-test")
        let upstreams = Upstreams(loop: loop, directory: directory, logger: Logger(label: "test", minimumLevel: .critical),
                                  timeoutMilliseconds: 1_000)
        #expect(upstreams.client(for: .session).path == "/run/gn/session.sock")
        #expect(upstreams.client(for: .vote).serviceName == "vote-service")
        #expect(upstreams.client(for: .monitor, instance: 3).path == "/run/gn/monitor-3.sock")
        #expect(upstreams.instances(of: .monitor).map(\.serviceName) == Array(repeating: "monitor-service", count: 3))
        #expect(upstreams.all.count == 5)
    }

    @Test func addingABackendIsOneEntry() {
        let extra = BackendService(name: "stats-service", socketStem: "stats")
        let directory = ServiceDirectory(runtimeDirectory: "/r", monitorInstances: 2,
                                         services: BackendService.all + [extra])
        #expect(directory.endpoints.map(\.socketPath).last == "/r/stats.sock")
        #expect(directory.services.map(\.name).last == "stats-service")
    }
}

extension BackendTableTests {
    @Test func voteServiceTakesAChatImportPlusItsEnvelope_OthersTheDefaultFrame() {
        #expect(BackendService.vote.maxFrameBytes > APIRoutes.chatImportBodyLimit + 4096)
        #expect(BackendService.session.maxFrameBytes == RPCServer.defaultMaxFrameBytes)
        #expect(BackendService.monitor.maxFrameBytes == RPCServer.defaultMaxFrameBytes)
        #expect(directory.endpoint(atSocketPath: "/run/gn/vote.sock")?.service == .vote)
        #expect(directory.endpoint(atSocketPath: "/run/gn/monitor-2.sock")?.instance == 2)
        #expect(directory.endpoint(atSocketPath: "/elsewhere.sock") == nil)
    }
}
