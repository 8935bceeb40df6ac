/// One instant of a plant's readings: the time and, side by side, the tag indices and values
/// read at it (NaN: the reading was flagged bad). The buffers are borrowed from whoever delivers
/// the row — a log reader's block, a source's scratch arrays — and are valid only during the call
/// that receives the row; copy what must outlive it. Borrowed, not owned, because a report hands
/// millions of rows through here and must not allocate per row.
public struct ReadingRow {
    public let time: Double
    public let tags: UnsafeBufferPointer<Int32>
    public let values: UnsafeBufferPointer<Double>

    @inline(__always)
    public init(time: Double, tags: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Double>) {
        precondition(tags.count == values.count)
        self.time = time
        self.tags = tags
        self.values = values
    }

    /// Readings in the row.
    public var count: Int { tags.count }

    /// Lends a row made of arrays (tests, small sources) to `body`.
    public static func with<R>(time: Double, tags: [Int32], values: [Double], _ body: (ReadingRow) throws -> R) rethrows -> R {
        try tags.withUnsafeBufferPointer { tp in try values.withUnsafeBufferPointer { try body(ReadingRow(time: time, tags: tp, values: $0)) } }
    }
}
