import Glibc

/// Raises the soft open-files limit to the hard one: every WebSocket
/// subscriber is a descriptor, and the default soft limit (1024) would cap
/// a busy night at a thousand dashboards (getrlimit(2)).
enum FileLimit {
    @discardableResult
    static func raiseToHardLimit() -> rlim_t {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return limit.rlim_cur
    }
}
