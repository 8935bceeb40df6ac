extension Double {
    /// Clamps into a closed range.
    @inline(__always) func clamped(_ r: ClosedRange<Double>) -> Double { Swift.min(Swift.max(self, r.lowerBound), r.upperBound) }
}
