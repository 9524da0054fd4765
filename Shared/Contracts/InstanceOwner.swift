/// Which monitor-service instance (1…N) owns the monitor of a session game.
///
/// Every process must compute the same owner for the same id, across
/// restarts and machines, so Swift's per-process randomized `hashValue` is
/// out. The id goes through SplitMix64's finalizer (a fixed 64-bit bijection
/// with full avalanche, so consecutive ids spread evenly) and the result is
/// reduced modulo N:
///
///     z = UInt64(bitPattern: id)
///     z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
///     z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
///     z =  z ^ (z >> 31)
///     owner = Int(z % N) + 1
///
/// (The modulo bias is below N / 2^64, negligible.) Changing N moves most
/// monitors — fine for a fleet resized only at deploy time.
public enum InstanceOwner {
    public static func owner(sessionGameID: Int64, instances: Int) -> Int {
        guard instances > 1 else { return 1 }
        return Int(mix(UInt64(bitPattern: sessionGameID)) % UInt64(instances)) + 1
    }

    /// SplitMix64's output function (Steele, Lea, Flood 2014; constants from Stafford's "Mix13").
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
