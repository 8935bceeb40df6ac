/// OPC-style quality of a sample.
public enum Quality: String, Sendable, Codable {
    case good, uncertain, bad
}

/// One sample of one tag: seconds since the Unix epoch (UTC), the tag's index in its
/// plant's registry, the value in the tag's unit, and its quality.
public struct Reading: Sendable, Equatable {
    public var time: Double
    public var tag: Int
    public var value: Double
    var quality: Quality

    public init(time: Double, tag: Int, value: Double, quality: Quality = .good) {
        self.time = time
        self.tag = tag
        self.value = value
        self.quality = quality
    }
}
