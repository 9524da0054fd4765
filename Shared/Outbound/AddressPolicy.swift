import Glibc

/// Which addresses an outbound request may connect to.
///
/// Webhook URLs come from API clients, so a delivery must not become a way
/// to reach the machine itself or its private network (SSRF): loopback,
/// link-local (cloud metadata at 169.254.169.254), private, carrier-grade
/// NAT, multicast, unspecified and reserved ranges are refused, also when
/// spelt as IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 addresses.
///
/// The check runs on the address libcurl is about to connect to (its
/// open-socket callback, after its own threaded resolver), so the address
/// that was checked is the address used: a host name that resolves
/// differently a second later (DNS rebinding) gains nothing, and decimal,
/// octal or hex spellings of an IP are judged by the address they denote.
public enum AddressPolicy: Sendable, Equatable {
    /// Anything (ecast, tests, `WEBHOOK_ALLOW_PRIVATE=1`).
    case any
    /// Globally routable unicast addresses only.
    case publicOnly

    /// The message a refused connection reports (never the address tried).
    public static let refusedMessage = "delivery refused: address not allowed"

    /// Whether `address` (an IPv4 address in host byte order) is public.
    public static func isPublic(ipv4 address: UInt32) -> Bool {
        func inRange(_ network: UInt32, _ prefix: UInt32) -> Bool {
            let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << (32 - prefix)
            return address & mask == network & mask
        }
        let denied: [(UInt32, UInt32)] = [
            (0x0000_0000, 8),   // 0.0.0.0/8 "this network", unspecified
            (0x0A00_0000, 8),   // 10/8 private
            (0x6440_0000, 10),  // 100.64/10 carrier-grade NAT
            (0x7F00_0000, 8),   // 127/8 loopback
            (0xA9FE_0000, 16),  // 169.254/16 link-local, cloud metadata
            (0xAC10_0000, 12),  // 172.16/12 private
            (0xC000_0000, 24),  // 192.0.0/24 IETF protocol assignments
            (0xC000_0200, 24),  // 192.0.2/24 TEST-NET-1
            (0xC058_6300, 24),  // 192.88.99/24 6to4 relay anycast
            (0xC0A8_0000, 16),  // 192.168/16 private
            (0xC612_0000, 15),  // 198.18/15 benchmarking
            (0xC633_6400, 24),  // 198.51.100/24 TEST-NET-2
            (0xCB00_7100, 24),  // 203.0.113/24 TEST-NET-3
            (0xE000_0000, 4),   // 224/4 multicast
            (0xF000_0000, 4),   // 240/4 reserved, broadcast
        ]
        return !denied.contains { inRange($0.0, $0.1) }
    }

    /// Whether a 16-byte IPv6 address is public; embedded IPv4 addresses
    /// (mapped, compatible, NAT64, 6to4) are judged as IPv4.
    public static func isPublic(ipv6 bytes: [UInt8]) -> Bool {
        guard bytes.count == 16 else { return false }
        func ipv4(at offset: Int) -> UInt32 {
            bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }
        let first10Zero = bytes[0..<10].allSatisfy { $0 == 0 }
        // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, also :: and ::1).
        if first10Zero && bytes[10] == 0xFF && bytes[11] == 0xFF { return isPublic(ipv4: ipv4(at: 12)) }
        if first10Zero && bytes[10] == 0 && bytes[11] == 0 { return false }
        // 64:ff9b::/96 NAT64 and 64:ff9b:1::/48 local-use NAT64.
        if bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF && bytes[3] == 0x9B {
            return bytes[4] == 0 && bytes[5] == 0 ? isPublic(ipv4: ipv4(at: 12)) : false
        }
        // 2002::/16 6to4: the IPv4 address is in bytes 2…5.
        if bytes[0] == 0x20 && bytes[1] == 0x02 { return isPublic(ipv4: ipv4(at: 2)) }
        if bytes[0] == 0xFF { return false }                          // ff00::/8 multicast
        if bytes[0] & 0xFE == 0xFC { return false }                   // fc00::/7 unique local
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return false } // fe80::/10 link-local
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0xC0 { return false } // fec0::/10 site-local
        if bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8 { return false } // doc
        if bytes[0] == 0x01 && bytes[1] == 0x00 && bytes[2...7].allSatisfy({ $0 == 0 }) { return false } // discard
        return true
    }

    /// Whether the socket address is public (false for other families).
    static func isPublic(_ address: UnsafeRawPointer, length: Int) -> Bool {
        let family = address.load(as: sa_family_t.self)
        switch Int32(family) {
        case AF_INET where length >= MemoryLayout<sockaddr_in>.size:
            let v4 = address.load(as: sockaddr_in.self)
            return isPublic(ipv4: UInt32(bigEndian: v4.sin_addr.s_addr))
        case AF_INET6 where length >= MemoryLayout<sockaddr_in6>.size:
            var v6 = address.load(as: sockaddr_in6.self)
            let bytes = withUnsafeBytes(of: &v6.sin6_addr) { Array($0) }
            return isPublic(ipv6: bytes)
        default:
            return false
        }
    }
}
