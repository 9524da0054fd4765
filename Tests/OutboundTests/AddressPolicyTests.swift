import Glibc
import Outbound
import Testing

/// The SSRF rules for webhook receivers (`AddressPolicy.publicOnly`).
struct AddressPolicyTests {
    static func v4(_ text: String) -> UInt32 {
        var address = in_addr()
        precondition(inet_pton(AF_INET, text, &address) == 1, text)
        return UInt32(bigEndian: address.s_addr)
    }

    static func v6(_ text: String) -> [UInt8] {
        var address = in6_addr()
        precondition(inet_pton(AF_INET6, text, &address) == 1, text)
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    @Test(arguments: ["127.0.0.1", "127.255.255.254", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255",
                      "192.168.0.1", "169.254.169.254", "100.64.0.1", "224.0.0.1", "239.255.255.250",
                      "255.255.255.255", "240.0.0.1", "198.18.0.1", "192.0.0.170"])
    func deniedIPv4(_ text: String) {
        #expect(!AddressPolicy.isPublic(ipv4: Self.v4(text)))
    }

    @Test(arguments: ["1.1.1.1", "8.8.8.8", "93.184.216.34", "172.32.0.1", "100.128.0.1", "169.255.0.1",
                      "11.0.0.1", "192.169.0.1"])
    func allowedIPv4(_ text: String) {
        #expect(AddressPolicy.isPublic(ipv4: Self.v4(text)))
    }

    @Test(arguments: ["::", "::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1", "::127.0.0.1",
                      "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "64:ff9b::7f00:1", "2002:7f00:1::1",
                      "fec0::1", "2001:db8::1"])
    func deniedIPv6(_ text: String) {
        #expect(!AddressPolicy.isPublic(ipv6: Self.v6(text)))
    }

    @Test(arguments: ["2606:4700:4700::1111", "2001:4860:4860::8888", "::ffff:8.8.8.8", "64:ff9b::808:808",
                      "2002:808:808::1"])
    func allowedIPv6(_ text: String) {
        #expect(AddressPolicy.isPublic(ipv6: Self.v6(text)))
    }
}
