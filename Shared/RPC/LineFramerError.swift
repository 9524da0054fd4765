/// Why a ``LineFramer`` gave up on its byte stream.
public enum LineFramerError: Error, Sendable, Equatable {
    /// A line (without its line ending) is longer than `maxFrameBytes`. The
    /// stream cannot be resynchronised safely; close the connection.
    case frameTooLarge
}
