import CCurlShim

/// One easy handle that a `CurlDriver` runs inside its multi handle.
///
/// The driver keeps the transfer alive (a strong reference) from `add`
/// until `detach`; libcurl only sees the easy handle. Loop-confined, like
/// the driver.
protocol CurlTransfer: AnyObject {
    /// The easy handle; owned by the transfer, cleaned up after `detach`.
    var easy: UnsafeMutableRawPointer { get }
    /// libcurl finished the transfer (`CURLMSG_DONE`) with `code`. Called on
    /// the loop, outside every libcurl callback, so it may add or detach
    /// transfers.
    func curlDidFinish(_ code: CURLcode)
}
