// libFuzzer target for the CSV line splitter (Sources/PlantModel/Logs/CSVFields.swift), compiled
// together with it by Tests/fuzz/run.sh. Beyond "no crash, no out-of-bounds access" (AddressSanitizer
// is on), it checks the splitter's contract on every input.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVLine(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    // A line is what the block parser hands over: no newline inside.
    var line = Array(UnsafeBufferPointer(start: data, count: size)).filter { $0 != 10 }
    var f = CSVFields()
    line.withUnsafeMutableBufferPointer { b in
        guard let p = b.baseAddress else { return }
        f.split(p, b.count)
    }
    let bound = f.usesScratch ? f.scratch.count : line.count
    precondition(f.count >= 1, "every line has at least one field")
    for k in 0..<f.count {
        precondition(f.starts[k] <= f.ends[k] && f.ends[k] <= bound, "field \(k) out of bounds")
        if k > 0 { precondition(f.starts[k] >= f.ends[k - 1], "fields overlap") }
    }
    if !line.contains(34) {
        // Unquoted: fields are exactly the comma-separated pieces.
        precondition(!f.usesScratch && f.count == line.filter { $0 == 44 }.count + 1, "unquoted split")
    }
    return 0
}
