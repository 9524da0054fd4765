/// What the supervisor needs to start one child: the executable, its complete
/// environment and the readiness socket it reports to.
struct ChildSpec: Sendable, Equatable {
    /// Unique label for logs and the notify socket, e.g. `monitor-service-2`.
    var name: String
    /// Absolute path of the executable.
    var executable: String
    /// The complete `envp`, `KEY=VALUE`; the child sees nothing else.
    var environment: [String]
    /// The datagram socket we bind for this child; also its `NOTIFY_SOCKET`.
    var notifySocketPath: String
}

extension SupervisorConfig {
    /// Variables that describe *our* relationship with *our* service manager
    /// (sd_notify(3), sd_watchdog_enabled(3), sd_listen_fds(3)). Passing them on would
    /// make a child talk to systemd in our name, so each child gets its own or none.
    /// `MONITOR_INSTANCE` is per child: only monitors get one.
    static let withheldVariables: Set<String> = [
        "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES",
        "MONITOR_INSTANCE",
    ]

    /// The children in start order: the services the gateway calls first, then the
    /// monitors, the gateway last, so its clients find the services already answering.
    var children: [ChildSpec] {
        var specs: [ChildSpec] = [
            child(name: "session-service", executable: "session-service"),
            child(name: "vote-service", executable: "vote-service"),
        ]
        for instance in 1...max(1, monitorInstances) {
            specs.append(child(name: "monitor-service-\(instance)", executable: "monitor-service",
                               extra: [("MONITOR_INSTANCE", String(instance))]))
        }
        specs.append(child(name: "api-gateway", executable: "api-gateway"))
        return specs
    }

    private func child(name: String, executable: String, extra: [(String, String)] = []) -> ChildSpec {
        let notifySocket = PathText.join(runtimeDirectory, "notify-\(name).sock")
        let settings: [(String, String)] = [
            ("PORT", String(port)),
            ("DATA_DIR", dataDirectory),
            ("RUNTIME_DIR", runtimeDirectory),
            ("MONITOR_INSTANCES", String(monitorInstances)),
            ("NOTIFY_SOCKET", notifySocket),
        ] + extra
        return ChildSpec(
            name: name,
            executable: PathText.join(binaryDirectory, executable),
            environment: Self.environment(inherited: inheritedEnvironment, withholding: Self.withheldVariables,
                                          setting: settings),
            notifySocketPath: notifySocket)
    }

    /// Inherited entries keep their order; withheld and overridden keys are dropped, then
    /// `settings` are appended in the order given.
    static func environment(inherited: [String], withholding withheld: Set<String>,
                            setting settings: [(String, String)]) -> [String] {
        let replaced = withheld.union(settings.map(\.0))
        let kept = inherited.filter { entry in
            guard let equals = entry.firstIndex(of: "=") else { return false }
            return !replaced.contains(String(entry[..<equals]))
        }
        return kept + settings.map { "\($0.0)=\($0.1)" }
    }
}
