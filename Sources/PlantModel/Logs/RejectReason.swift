/// Why a row or cell of a log was not used. Every reject is counted under one of these.
public enum RejectReason: String, Sendable, CaseIterable, Codable {
    case badTimestamp = "bad-timestamp"
    case nonNumeric = "non-numeric"
    case notFinite = "not-finite"
    case wrongColumnCount = "wrong-column-count"
    case unknownTag = "unknown-tag"
    case outOfOrder = "out-of-order"
    case duplicateTimestamp = "duplicate-timestamp"
    case outOfRange = "out-of-range"
    case truncatedLine = "truncated-line"
    case lineTooLong = "line-too-long"
    case invalidUTF8 = "invalid-utf8"
    case unitMismatch = "unit-mismatch"
    case badQuality = "bad-quality"
    case outsidePeriod = "outside-period"

    var explanation: String {
        switch self {
        case .badTimestamp: return "timestamp is not ISO 8601 or Unix epoch seconds"
        case .nonNumeric: return "value is not a number"
        case .notFinite: return "value is NaN or infinite"
        case .wrongColumnCount: return "row has a different number of cells than the header"
        case .unknownTag: return "tag is not one of the plant's"
        case .outOfOrder: return "timestamp is earlier than the previous row's"
        case .duplicateTimestamp: return "timestamp repeats the previous row's"
        case .outOfRange: return "value is outside the tag's valid range"
        case .truncatedLine: return "last line ends without a newline and is incomplete"
        case .lineTooLong: return "line is longer than the reader's limit"
        case .invalidUTF8: return "line is not valid UTF-8"
        case .unitMismatch: return "column's unit cannot be converted to the tag's unit"
        case .badQuality: return "reading is flagged bad quality by its source"
        case .outsidePeriod: return "row lies outside --from/--to"
        }
    }
}

/// One rejected row or cell, located in its file.
public struct LogIssue: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// 1-based column (cell) number, when one cell is at fault.
    public var column: Int?
    public var reason: RejectReason
    public var detail: String
    /// The row as it stood in the file (bytes, decoded leniently), for --rejects.
    public var raw: String

    public var description: String {
        "\(file):\(line)\(column.map { ":\($0)" } ?? ""): \(reason.rawValue): \(detail)"
    }
}

/// Rejects counted by reason, with the first few kept for the report and all of them
/// optionally written verbatim to a rejects file.
public struct RejectTally: Sendable {
    public private(set) var rows = 0
    public private(set) var cells = 0
    public private(set) var byReason: [RejectReason: Int] = [:]
    public private(set) var examples: [LogIssue] = []
    static let exampleLimit = 20

    public init() {}

    public mutating func add(_ issue: LogIssue, wholeRow: Bool) {
        if wholeRow { rows += 1 } else { cells += 1 }
        byReason[issue.reason, default: 0] += 1
        if examples.count < RejectTally.exampleLimit { examples.append(issue) }
    }

    public mutating func merge(_ other: RejectTally) {
        rows += other.rows
        cells += other.cells
        for (k, v) in other.byReason { byReason[k, default: 0] += v }
        for e in other.examples where examples.count < RejectTally.exampleLimit { examples.append(e) }
    }

    public var total: Int { rows + cells }
}
